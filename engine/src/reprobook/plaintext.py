"""The one rule: nothing that a data file, a label, a diagram, the registry or the
changelog holds becomes MyST, HTML or LaTeX source (data/README.md says so for
contributors). It is kept in two halves, both here or called from here:

- what may be written: every such text is one line without control, invisible or
  private-use characters (``line_problem``); a label (a string of ``strings/``)
  is text with ``{fields}`` and the roles ref, doc, numref and term, and nothing
  else (``label_problem``); a release note is paragraphs and bullet lists of text
  with strong, emphasis and inline code (``note_blocks``). Labels and notes are
  parsed with markdown-it, as MyST would parse them, and every piece of the parse
  must be on a short list of allowed kinds: a whitelist over the parse, so that
  syntax nobody thought of (an image, an autolink, an entity) is refused too;
- how it is shown: as text, never as source. Pages build docutils text nodes from
  it (reprobook.render.inline), the PDF's preamble escapes it
  (reprobook.render.latex), the site's own pages escape it (Jinja's autoescape),
  and diagrams draw it with mathematics switched off (reprobook.plotting).

Refusals name the file, the place (row, column, key or line) and the rule.
"""
from __future__ import annotations

import unicodedata
from functools import cache

# Every character that str.splitlines() breaks a line at: a one-line text holds none.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
LINE_RULE = "a text is one line without control or invisible characters"
ROLES = ("ref", "doc", "numref", "term")
LABEL_RULE = f"a string is text with {{fields}} and the roles {', '.join(ROLES)}, and nothing else"
NOTE_RULE = ("a release note is paragraphs and lists of plain text, with **strong**, *emphasis* and "
             "`code`")

# What markdown-it calls the pieces a label or note may not hold, as a reader would name them.
NAMES = {"image": "an image", "link_open": "a link", "html_inline": "HTML", "html_block": "HTML",
         "strong_open": "strong text", "em_open": "emphasis", "code_inline": "code", "s_open": "struck text",
         "text_special": "an entity or a backslash escape (write the character itself)",
         "fence": "a fenced block or directive", "code_block": "an indented code block",
         "heading_open": "a heading", "blockquote_open": "a quotation", "ordered_list_open": "a numbered list",
         "hr": "a rule", "table_open": "a table", "math_inline": "mathematics", "math_block": "mathematics",
         "myst_role": "a role", "myst_target": "a target", "myst_line_comment": "a comment",
         "myst_block_break": "a block break", "colon_fence": "a fenced block or directive",
         "softbreak": "a line break", "hardbreak": "a line break"}


def line_problem(text: str, tabs: bool = False) -> str | None:
    """The first character that keeps `text` from being one line of visible text
    ("U+2028 (LINE SEPARATOR)"), or None; `tabs`: a tab is allowed (a Markdown file's
    indentation)."""
    for c in text:
        if c in LINE_BREAKS or unicodedata.category(c) in ("Cc", "Cf", "Co", "Zl", "Zp"):
            if tabs and c == "\t":
                continue
            return f"U+{ord(c):04X} ({unicodedata.name(c, 'a control character')})"
    return None


@cache
def _parser():
    """markdown-it as MyST reads a page (CommonMark, roles, targets, comments, $ mathematics,
    ::: fences), with entities and escapes kept apart from the text around them."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    md = MarkdownIt("commonmark").use(myst_role_plugin).use(myst_block_plugin).use(dollarmath_plugin) \
        .use(colon_fence_plugin).enable("table").enable("strikethrough")
    md.disable("text_join")
    md.validateLink = lambda url: True  # a link to javascript: is a link, refused as one, not text
    return md


def _as_typed(token) -> bool:
    """Text that reads as it is typed: plain text, or a backslash before a letter (no
    escape: markdown-it keeps it apart, unchanged)."""
    return token.type == "text" or (token.type == "text_special" and token.content == token.markup)


def _name(token) -> str:
    if token.type == "myst_role":
        return f"the role {{{token.meta.get('name')}}}"
    return NAMES.get(token.type, token.type.replace("_open", "").replace("_", " "))


def label_problem(text: str) -> str | None:
    """What in a label is not text, a field or an allowed role, or None. Fields
    (``{year}``) are text to markdown-it, and checked as names by reprobook.strings."""
    for token in _parser().parseInline(text)[0].children or []:
        if _as_typed(token):
            continue
        if token.type == "myst_role" and token.meta.get("name") in ROLES:
            continue
        return f"it holds {_name(token)}"
    return None


def sections(text: str) -> dict[str, tuple[int, int]]:
    """A Markdown file's level-two sections: heading text -> (first line, end line),
    0-based and end-exclusive, of its body; a level-one heading ends a section. A
    heading inside a fenced or indented block is no heading (markdown-it sees blocks)."""
    tokens = _parser().parse(text)
    # "# " and "## " headings bound sections; any other heading is part of a section's body
    heads = [(tokens[i + 1].content.strip(), t.tag, t.map) for i, t in enumerate(tokens)
             if t.type == "heading_open" and t.level == 0 and t.tag in ("h1", "h2") and t.markup.startswith("#")]
    total = text.count("\n") + 1
    out: dict[str, tuple[int, int]] = {}
    for n, (title, tag, where) in enumerate(heads):
        if tag == "h2" and title not in out:
            end = heads[n + 1][2][0] if n + 1 < len(heads) else total
            out[title] = (where[1], end)
    return out


_INLINE = {"strong_open": "strong", "em_open": "emphasis"}


def note_blocks(lines: list[str], first: int, error) -> list[dict]:
    """A release note (its lines, the first being line `first` of its file) as blocks:
    {"para": pieces} or {"list": [pieces, ...]}, each piece [style, text] with style
    text, strong, emphasis or literal. Anything else is `error(line, rule, detail)`."""
    for n, line in enumerate(lines, first):
        bad = line_problem(line, tabs=True)
        if bad:
            raise error(n, NOTE_RULE, f"the line holds {bad}")
    env: dict = {}
    tokens = _parser().parse("\n".join(lines), env)
    if env.get("references"):  # a link definition leaves no token behind: find its line
        at = next((n for n, text in enumerate(lines, first) if "]:" in text), first)
        raise error(at, NOTE_RULE, f"it holds a link definition: {lines[at - first].strip()[:60]}")
    blocks: list[dict] = []
    line = first
    depth = 0  # lists open
    for token in tokens:
        if token.map:
            line = first + token.map[0]
        kind = token.type
        if kind in ("paragraph_open", "paragraph_close", "list_item_close"):
            continue
        if kind == "bullet_list_open":
            depth += 1
            if depth > 1:
                raise error(line, NOTE_RULE, "it holds a list inside a list")
            blocks.append({"list": []})
        elif kind == "bullet_list_close":
            depth -= 1
        elif kind == "list_item_open":
            blocks[-1]["list"].append(None)
        elif kind == "inline":
            pieces = _pieces(token, line, error)
            if depth:
                if blocks[-1]["list"][-1] is not None:
                    raise error(line, NOTE_RULE, "a list item holds two paragraphs")
                blocks[-1]["list"][-1] = pieces
            else:
                blocks.append({"para": pieces})
        else:
            raise error(line, NOTE_RULE, f"it holds {_name(token)}: {lines[line - first].strip()[:60]}")
    return blocks


def _pieces(inline, line: int, error) -> list[list[str]]:
    out: list[list[str]] = []
    style = "text"
    for child in inline.children or []:
        if _as_typed(child):
            text, kind = child.content, style
        elif child.type == "softbreak":
            text, kind = " ", style
        elif child.type == "code_inline" and style == "text":
            text, kind = child.content, "literal"
        elif child.type in _INLINE and style == "text":
            style = _INLINE[child.type]
            continue
        elif child.type in ("strong_close", "em_close"):
            style = "text"
            continue
        else:
            where = line + next((i for i, s in enumerate(inline.content.split("\n"))
                                 if child.markup and child.markup in s or child.content and child.content in s), 0)
            detail = "emphasis inside emphasis" if child.type in _INLINE else _name(child)
            raise error(where, NOTE_RULE, f"it holds {detail}")
        if out and out[-1][0] == kind:
            out[-1][1] += text
        else:
            out.append([kind, text])
    return out
