"""The interface strings of Sphinx and its theme in each edition's language, as
message catalogues that Sphinx reads before its own (the `locale_dirs` setting
reprobook.pipeline.sphinx_app passes): a compiled ``sphinx.mo`` for the templates
and a ``sphinx.js`` for the search page's script. The texts are strings
(theme.yaml), keyed by the English message id; Sphinx's own JavaScript
catalogue for the language, where it has one, fills in the rest.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from .. import atomic, strings


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        atomic.write_bytes(path, data)


def _sphinx_js_messages(lang: str) -> dict:
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / lang / "LC_MESSAGES" / "sphinx.js"
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    start, end = text.index("{"), text.rindex("}")
    return json.loads(text[start:end + 1]).get("messages", {})


def write(folder: Path, catalog: strings.Catalog, lang: str) -> Path:
    """The catalogues of `lang` under `folder` (a locale_dirs entry); returns `folder`."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    messages = catalog.texts("theme", lang)
    mo = Catalog(locale=lang, domain="sphinx", fuzzy=False)
    for msgid, text in sorted(messages.items()):
        mo.add(msgid, text)
    buffer = io.BytesIO()
    write_mo(buffer, mo)
    target = folder / lang / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    _write_if_changed(target / "sphinx.mo", buffer.getvalue())
    js = {"locale": lang, "messages": _sphinx_js_messages(lang) | messages, "plural_expr": "(n != 1)"}
    _write_if_changed(target / "sphinx.js", ("Documentation.addTranslations("
                                             + json.dumps(js, ensure_ascii=False, sort_keys=True, indent=1)
                                             + ");\n").encode("utf-8"))
    return folder
