"""The one way the engine reads a YAML file (the configuration, the data
descriptor, diagrams, labels): safely, and strictly. A repeated key (where
PyYAML would silently keep the last), an anchor or alias (the way to a YAML
"billion laughs" bomb), or a syntax error stops with the file, the line and
the rule."""
from __future__ import annotations

from pathlib import Path

import yaml

from . import utf8
from .errors import ConfigError


class _StrictLoader(yaml.SafeLoader):
    pass


def _refuse_alias(loader, node):
    raise yaml.constructor.ConstructorError(None, None, "anchors and aliases are not allowed", node.start_mark)


def _mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(None, None, "merge keys (<<) are not allowed", key_node.start_mark)
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' appears twice (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _compose_node(self, parent, index):
    if self.check_event(yaml.events.AliasEvent):
        event = self.peek_event()
        raise yaml.composer.ComposerError(None, None, "anchors and aliases are not allowed", event.start_mark)
    event = self.peek_event()
    if getattr(event, "anchor", None):
        raise yaml.composer.ComposerError(None, None, "anchors and aliases are not allowed", event.start_mark)
    return yaml.composer.Composer.compose_node(self, parent, index)


_StrictLoader.compose_node = _compose_node


def parse(text: str, shown: str):
    """Parse YAML text; `shown` names the file in messages."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader, made stricter
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{shown}, line {mark.line + 1}" if mark else shown
        problem = getattr(exc, "problem", None) or str(exc)
        rule = "YAML without repeated keys or aliases" if "twice" in problem or "alias" in problem or "merge" in problem \
            else "YAML syntax"
        raise ConfigError(where, rule, problem) from None


def load(path: Path, shown: str):
    """Read and parse a YAML file; a file that is not UTF-8 is refused with the line of the bad byte."""
    return parse(utf8.decode(Path(path).read_bytes(), shown, ConfigError), shown)
