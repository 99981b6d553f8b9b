"""What a ``pattern`` constraint of the data package may be: a regular expression
that Python matches in time proportional to the cell, whatever the cell holds.

Python's ``re`` backtracks, and cannot be interrupted while it does: ``(a+)+``
against ``aaaa…a!`` takes twice as long for each further ``a``, and a data
check would hang on one bad cell. So a pattern is refused when a repeated part
can split the same text into its repetitions in more than one way:

- a repeated group (``*``, ``+``, ``{m,n}``) that holds a repeat or an
  alternation must begin with a literal character that nothing else in the
  group can match, the separator of its repetitions, as in ``[a-z]+(-[a-z]+)*``;
- back-references are refused (they make matching exponential in any engine).

Every other pattern (classes, optional parts, alternations, repeats of single
characters, such as ``[0-9]{3,4}[a-zS]?``) is accepted. The rule is written in
data/README.md.
"""
from __future__ import annotations

import re

try:  # Python 3.11+: the parser moved; the names did not change
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C
    import sre_parse

RULE = ("a pattern matches in linear time: a repeated group holding a repeat or an alternation begins "
        "with a separator nothing else in it matches; no back-references")

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
_CATEGORY = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
             C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}


def problem(pattern: str) -> str | None:
    """None when `pattern` is a regular expression this rule accepts; else what is wrong."""
    if not isinstance(pattern, str):
        return f"pattern {pattern!r} is not a regular expression"
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"pattern {pattern!r} is not a regular expression ({exc})"
    found = _walk(list(parsed))
    return f"pattern {pattern!r} {found}" if found else None


def _walk(items: list) -> str | None:
    for op, av in items:
        if op in (C.GROUPREF, getattr(C, "GROUPREF_EXISTS", None)):
            return "uses a back-reference"
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if high != 1 and _ambiguous(body):
                return "repeats a group that holds a repeat or an alternation without a separator first"
            found = _walk(body)
        elif op == C.SUBPATTERN:
            found = _walk(list(av[-1]))
        elif op == C.BRANCH:
            found = next((f for f in (_walk(list(b)) for b in av[1]) if f), None)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            found = _walk(list(av[1]))
        elif op == getattr(C, "ATOMIC_GROUP", None):
            found = _walk(list(av))
        else:
            found = None
        if found:
            return found
    return None


def _inner(items: list) -> list:
    """The items of a body, groups opened (a group repeats what it holds)."""
    out = []
    for op, av in items:
        if op == C.SUBPATTERN:
            out += _inner(list(av[-1]))
        else:
            out.append((op, av))
    return out


def _has_choice(items: list) -> bool:
    for op, av in items:
        if op == C.BRANCH or (op in _REPEATS and av[1] != av[0]):
            return True
        if op == C.SUBPATTERN and _has_choice(list(av[-1])):
            return True
        if op in _REPEATS and _has_choice(list(av[2])):
            return True
    return False


def _ambiguous(body: list) -> bool:
    """Whether repetitions of `body` could divide one text in several ways."""
    items = _inner(body)
    if not _has_choice(items):
        return False  # a fixed sequence of single characters repeats one way only
    first, rest = items[0] if items else (None, None), items[1:]
    if first[0] != C.LITERAL:
        return True
    separator = chr(first[1])
    return any(_can_match(separator, op, av) for op, av in _atoms(rest))


def _atoms(items: list):
    """Every single-character matcher anywhere in `items`."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            yield op, av
        elif op == C.SUBPATTERN:
            yield from _atoms(list(av[-1]))
        elif op in _REPEATS:
            yield from _atoms(list(av[2]))
        elif op == C.BRANCH:
            for b in av[1]:
                yield from _atoms(list(b))
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        else:
            yield C.ANY, None  # anything unknown is taken to match every character


def _can_match(ch: str, op, av) -> bool:
    if op == C.LITERAL:
        return chr(av) == ch
    if op == C.NOT_LITERAL:
        return chr(av) != ch
    if op == C.ANY:
        return True
    negate, hit = False, False
    for kind, value in av:
        if kind == C.NEGATE:
            negate = True
        elif kind == C.LITERAL:
            hit |= chr(value) == ch
        elif kind == C.RANGE:
            hit |= value[0] <= ord(ch) <= value[1]
        elif kind == C.CATEGORY:
            hit |= bool(re.fullmatch(_CATEGORY.get(value, r"[\s\S]"), ch))
        else:
            hit = True
    return hit != negate
