"""Bad input, tried as an outsider and a clumsy contributor would: one table of
(what is done to which file, which check runs, the message expected). Every
case runs on a private copy of the project; the message must name the file,
the place and the rule. The next class of bad input is one line here.

Data that is valid but hostile (markup in a cell) is accepted as data and must
reach HTML and LaTeX as text: the second table renders such cells and checks
that nothing of them becomes markup.
"""
import shutil
from pathlib import Path

import pytest

from reprobook import project as projects
from reprobook import prose, strings
from reprobook.data import bibliography, check, diagrams
from reprobook.errors import ReprobookError

ROOT = projects.here().root


@pytest.fixture
def copy(tmp_path):
    """The project's settings, data, strings and pages in a folder of their own,
    which the engine then works on."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy2(ROOT / "reprobook.yaml", target)
    for folder in ("data", "strings", "book"):
        shutil.copytree(ROOT / folder, target / folder, symlinks=True)
    return target


def replace(rel, old, new, count=1):
    def edit(root: Path):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def raw_bytes(rel, old: bytes, new: bytes):
    def edit(root: Path):
        path = root / rel
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))
    return edit


def append(rel, text):
    def edit(root: Path):
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return edit


def header_only(rel):
    def edit(root: Path):
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    return edit


def link_out(rel):
    """The file replaced by a link to a copy of it outside the project: its content
    would be read and published while a commit stores only the link."""
    def edit(root: Path):
        path = root / rel
        outside = root.parent / ("outside-" + path.name)
        outside.write_bytes(path.read_bytes())
        path.unlink()
        path.symlink_to(outside)
    return edit


def validate_data(root):
    check.validate_all(projects.load(root))


def validate_strings(root):
    strings.of(projects.load(root)).validate_all()  # what `reprobook check-data` runs after the data


def load_string(name, key):
    def run(root):
        strings.of(projects.load(root)).text(name, key, "id")
    return run


def load_diagram(name):
    def run(root):
        diagrams.load(projects.load(root), name)
    return run


def read_bib(root):
    bibliography.entries(projects.load(root))


def check_page(rel):
    def run(root):
        prose.raise_problems(prose.check(projects.load(root), [root / rel]))
    return run


FEES = "data/raw/passport_fees.csv"
UPTAKE = "data/raw/uptake_monthly.csv"
DESCRIPTOR = "data/datapackage.yaml"
FIG = "data/diagrams/fig-5-4.yaml"
BIB = "book/references.bib"
CHAPTER = "book/id/chapters/setting.md"

CASES = [
    # --- data files -----------------------------------------------------------------------------
    ("control character in a cell", replace(FEES, "10,Paspor biasa 48", "10,Paspor\x07 biasa 48"), validate_data,
     "data/raw/passport_fees.csv, row 10 (line 11), column 'category': the value holds U+0007 (a control character) "
     "[rule: a text is one line without control or invisible characters]"),
    ("a Latin-1 byte", raw_bytes(FEES, b"10,Paspor biasa 48", b"10,Paspor b\xe9asa 48"), validate_data,
     "data/raw/passport_fees.csv, line 11: byte 0xe9 is not UTF-8 [rule: files are UTF-8]"),
    ("a byte-order mark", raw_bytes(FEES, b"no,", b"\xef\xbb\xbfno,"), validate_data,
     "data/raw/passport_fees.csv: the file starts with a byte-order mark"),
    ("an integer of 10^30", replace(UPTAKE, "2018,3,Maret,7098,131,", "2018,3,Maret,1" + "0" * 30 + ",131,"),
     validate_data, "row 3 (line 4), column 'passports_issued': 1000000000000000000000000000000 is too large"),
    ("fullwidth digits", replace(UPTAKE, "2018,3,Maret,7098,131,", "2018,3,Maret,７０９８,131,"), validate_data,
     "column 'passports_issued': '７０９８' is not a whole number (ASCII digits 0-9) [rule: type integer]"),
    ("Arabic-Indic digits", replace(UPTAKE, "2018,3,Maret,7098,131,", "2018,3,Maret,٧٠٩٨,131,"), validate_data,
     "column 'passports_issued': '٧٠٩٨' is not a whole number"),
    ("a negative count", replace(UPTAKE, "2018,3,Maret,7098,131,", "2018,3,Maret,7098,-131,"), validate_data,
     "data/raw/uptake_monthly.csv, row 3 (line 4), column 'deliveries': value -131 is below 0 [rule: minimum 0]"),
    # --- the descriptor ---------------------------------------------------------------------------
    ("a resource without a schema", replace(DESCRIPTOR, "    schema:\n", "    schemata:\n"), validate_data,
     "data/datapackage.yaml, resource 1 ('topbrand_index'): key 'schema' is missing"),
    ("a resource path that leaves data/", replace(DESCRIPTOR, "path: raw/topbrand_index.csv",
                                                   "path: ../../etc/passwd"), validate_data,
     "path '../../etc/passwd' leaves the data folder [rule: a resource path stays inside data/]"),
    ("a repeated key in the descriptor", replace(DESCRIPTOR, "    path: raw/topbrand_index.csv\n",
                                                  "    path: raw/topbrand_index.csv\n    path: raw/x.csv\n"),
     validate_data, "data/datapackage.yaml, line 17: key 'path' appears twice"),
    ("a YAML alias bomb", replace(DESCRIPTOR, "licenses:\n", "bomb: &a [x, x]\nbombs: [*a, *a]\nlicenses:\n"),
     validate_data, "anchors and aliases are not allowed [rule: YAML without repeated keys or aliases]"),
    ("an unknown field type", replace(DESCRIPTOR, "{name: year, type: integer", "{name: year, type: whole"),
     validate_data, "field 'year': unknown type 'whole'"),
    ("a bound that is not a number", replace(DESCRIPTOR, "{name: fee_rp, type: integer, unit: rupiah, constraints: "
                                              "{required: true, minimum: 0}}",
                                              "{name: fee_rp, type: integer, unit: rupiah, constraints: "
                                              "{required: true, minimum: abc}}"), validate_data,
     "field 'fee_rp': minimum 'abc' cannot bound a field of type integer [rule: minimum is a number, on a number field]"),
    ("a bound that is true", replace(DESCRIPTOR, "{required: true, minimum: 0}}",
                                     "{required: true, minimum: 0, maximum: true}}"), validate_data,
     "maximum True cannot bound a field of type integer"),
    ("enum values of another type", replace(DESCRIPTOR, "enum: [24, 48]", 'enum: ["24", "48"]'), validate_data,
     "field 'pages': enum ['24', '48'] does not [rule: enum lists values of the field's type (integer)]"),
    ("an unknown constraint", replace(DESCRIPTOR, "enum: [24, 48]", "enum: [24, 48], maxLength: 2"), validate_data,
     "field 'pages': unknown constraint 'maxLength' [rule: constraints are required, unique, minimum, maximum"),
    ("a source page that is true", replace(DESCRIPTOR, 'sources: [{table: "1.1", page: "16",',
                                          'sources: [{table: "1.1", page: true,'), validate_data,
     "resource 1 ('topbrand_index'), source 1: page True is a bool, not a page number [rule: a page is a page"),
    ("a primary key naming no field", replace(DESCRIPTOR, "primaryKey: [year, brand]", "primaryKey: [year, merek]"),
     validate_data, "resource 1 ('topbrand_index'): primaryKey names 'merek', which is not a field [rule: primaryKey, "
                    "rules and foreign keys name fields of the schema]"),
    ("a rule naming no field", replace(DESCRIPTOR, "lte: [deliveries, passports_issued]", "lte: [kirim, passports_issued]"),
     validate_data, "resource 10 ('uptake_monthly'): rule 1 (lte) names 'kirim', which is not a field"),
    ("a complete rule naming no field", replace(DESCRIPTOR, "complete: {group: year, field: brand,",
                                                "complete: {group: tahun, field: brand,"), validate_data,
     "rule 1 (complete) names 'tahun', which is not a field"),
    ("rules as a mapping", replace(DESCRIPTOR, "rules:\n        - complete: {group: year, field: brand, values: [JNE, "
                                               "TIKI, POS, DHL]}", "rules: {complete: year}"), validate_data,
     "resource 1 ('topbrand_index'): rules is a dict [rule: rules is a list of rules, each a mapping of one kind]"),
    ("a rule of an unknown kind", replace(DESCRIPTOR, "- lte: [deliveries, passports_issued]", "- gte: [a, b]"),
     validate_data, "rule 1 is {'gte': ['a', 'b']} [rule: each rule is one of lte, unique, complete, required_if]"),
    ("a foreign key naming no field", replace(DESCRIPTOR, "{fields: [discrepancy], reference: {resource: discrepancies",
                                              "{fields: [diskrepansi], reference: {resource: discrepancies"),
     validate_data, "foreign key 1 names 'diskrepansi', which is not a field"),
    ("a foreign key to no resource", replace(DESCRIPTOR, "reference: {resource: discrepancies, fields: [id]}",
                                             "reference: {resource: tiada, fields: [id]}"), validate_data,
     "foreignKeys 1: no resource 'tiada' [rule: a foreign key refers to a resource of the package]"),
    ("a foreign key to no field of its resource", replace(DESCRIPTOR, "reference: {resource: discrepancies, fields: [id]}",
                                                          "reference: {resource: discrepancies, fields: [kode]}"),
     validate_data, "'kode' is not a field of 'discrepancies' [rule: a foreign key refers to fields of its resource]"),
    ("a field named twice", replace(DESCRIPTOR, "        - {name: brand, type: string", "        - {name: year, type: string"),
     validate_data, "resource 1 ('topbrand_index'), field 2: field 'year' is named twice [rule: field names are unique "
                    "in a schema]"),
    ("a pattern that backtracks without bound", replace(DESCRIPTOR, 'pattern: "[a-z]", unique: true',
                                                        'pattern: "(a+)+", unique: true'), validate_data,
     "field 'letter': pattern '(a+)+' repeats a group that holds a repeat or an alternation without a separator first "
     "[rule: a pattern matches in linear time"),
    ("a pattern with a back-reference", replace(DESCRIPTOR, 'pattern: "[a-z]", unique: true',
                                                'pattern: "(a)\\\\1", unique: true'), validate_data,
     "uses a back-reference"),
    ("a page range that goes backwards", replace(DESCRIPTOR, 'page: "144–149", seed_lines: "1609-1611"',
                                                 'page: "149–144", seed_lines: "1609-1611"'), validate_data,
     "resource 12 ('innovation_programmes'), source 1: the range '149–144' does not go forward"),
    ("a line separator in a source's passage", replace(DESCRIPTOR, 'passage: "5.1.1 Managing Aims"',
                                                       'passage: "5.1.1\u2028~~~{raw} html"'), validate_data,
     "resource 4 ('passports_issued_annual'), source 1: 'passage' holds U+2028 (LINE SEPARATOR) [rule: a text is one "
     "line"),
    ("a CSV holding only its header", header_only(FEES), validate_data,
     "data/raw/passport_fees.csv: the file holds its header and no rows [rule: a table has at least one row]"),
    ("a CSV that is a link out of the project", link_out(FEES), validate_data,
     "data/raw/passport_fees.csv: it is a link to "),
    ("a diagram that is a link out of the project", link_out(FIG), validate_data,
     "data/diagrams/fig-5-4.yaml: it is a link to "),
    ("a descriptor that is a link out of the project", link_out(DESCRIPTOR), validate_data,
     "data/datapackage.yaml: it is a link to "),
    ("a strings file that is a link out of the project", link_out("strings/fees.yaml"), load_string("fees", "col_no"),
     "strings/fees.yaml: it is a link to "),
    ("a line separator in a cell", replace(FEES, "10,Paspor biasa 48", "10,Paspor\u2028biasa 48"), validate_data,
     "row 10 (line 11), column 'category': the value holds U+2028 (LINE SEPARATOR) [rule: a text is one line without "
     "control or invisible characters]"),
    # --- diagrams -------------------------------------------------------------------------------------
    ("a diagram page that is true", replace(FIG, "page: 227", "page: true"), validate_data,
     "data/diagrams/fig-5-4.yaml: page True is a bool, not a page number [rule: a page is a page of the original"),
    ("a diagram page that is a word", replace(FIG, "page: 227", "page: lol"), validate_data,
     "page 'lol' is not a page number or a range of them"),
    ("max_days: true", replace(FIG, "max_days: 3", "max_days: true"), validate_data,
     "fig-5-4.yaml, timing 1: max_days 'True' is not a whole number from 0 to 10000"),
    ("a time limit of 10^30 days", replace(FIG, "max_days: 3", "max_days: 1" + "0" * 30), validate_data,
     "fig-5-4.yaml, timing 1: max_days '1000000000000000000000000000000' is not a whole number from 0 to 10000 "
     "[rule: max_days is a whole number from 0 to 10000]"),
    ("a rank of 10^30", replace(FIG, "group: pemohon, rank: 0,", "group: pemohon, rank: 1" + "0" * 30 + ","),
     validate_data, "node 1 ('s1'): rank '1" + "0" * 30 + "' is not a whole number from 0 to 200"),
    ("a seed line of 10^30", replace(FIG, "seed_line: 2238,", "seed_line: 1" + "0" * 30 + ",", ), validate_data,
     "[rule: seed_line is a line number of the original (1 to 10,000,000)]"),
    ("a repeated key in a diagram", replace(FIG, "layout: columns\n", "layout: columns\nlayout: cycle\n"),
     validate_data, "data/diagrams/fig-5-4.yaml, line 17: key 'layout' appears twice"),
    ("a cycle in a procedure", replace(FIG, "  - {from: s7, to: pemohon_terima,", "  - {from: s7, to: s1}\n"
                                       "  - {from: s7, to: pemohon_terima,"), validate_data,
     "data/diagrams/fig-5-4.yaml: the edges form a cycle: s1 -> s2 -> s3 -> s4 -> imigrasi -> s5 -> s6 -> s7 -> s1 "
     "[rule: a procedure with time limits has no cycle]"),
    ("a diagram label that is a number", replace(FIG, 'label: "1. datang ke Kantor Imigrasi untuk melengkapi persyaratan"',
                                                 "label: 7"),
     validate_data, "fig-5-4.yaml, node 1 ('s1'): 'label' is a int, not text [rule: label is text]"),
    ("a line separator in a diagram label", replace(FIG, 'label: "1. datang', 'label: "1.\u2028~~~{raw} html\u2028'
                                                    '<script>alert(1)</script> datang'), validate_data,
     "data/diagrams/fig-5-4.yaml, node 1 ('s1'): 'label' holds U+2028 (LINE SEPARATOR) [rule: a text is one line"),
    ("a next-line character in a diagram label", replace(FIG, 'label: "1. datang', 'label: "1.\\u0085 datang'),
     validate_data, "'label' holds U+0085"),
    ("a zero-width space in a diagram label", replace(FIG, 'label: "1. datang', 'label: "1.\u200b datang'),
     validate_data, "'label' holds U+200B (ZERO WIDTH SPACE)"),
    ("a missing diagram file", lambda root: None, load_diagram("fig-9-9"),
     "data/diagrams/fig-9-9.yaml: file not found [rule: a diagram is a file in data/diagrams/]"),
    # --- strings --------------------------------------------------------------------------------------
    ("a string that is a number", replace("strings/fees.yaml", '"Biaya paspor', '5 #'),
     load_string("fees", "caption_table"),
     "strings/fees.yaml, key 'caption_table.id': found a int [rule: a string is text"),
    ("a string that is a list where a text is read", replace("strings/fees.yaml", 'col_no: {id: "No",',
                                                              'col_no: {id: ["No"],'), load_string("fees", "col_no"),
     "strings/fees.yaml, key 'col_no': 'id' is a list [rule: a string read as text is text]"),
    ("a caption with a line break", replace("strings/fees.yaml", '"Biaya paspor', '"Biaya\\n:::{raw} html\\n'),
     load_string("fees", "caption_table"),
     "it holds U+000A (a control character) [rule: a text is one line without control or invisible characters]"),
    ("a caption with a line separator", replace("strings/fees.yaml", '"Biaya paspor', '"Biaya\\u2028~~~{raw} html'),
     load_string("fees", "caption_table"), "it holds U+2028 (LINE SEPARATOR) [rule: a text is one line"),
    ("an image in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"![bocor](../../../../etc/hostname) Biaya'),
     load_string("fees", "caption_table"), "it holds an image [rule: a string is text with {fields} and the roles ref, "
                                           "doc, numref, term, and nothing else]"),
    ("a link in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"[klik](javascript:alert(1)) Biaya'),
     load_string("fees", "caption_table"), "strings/fees.yaml, key 'caption_table.id': it holds a link"),
    ("an autolink in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"<https://contoh.test> Biaya'),
     load_string("fees", "caption_table"), "it holds a link"),
    ("HTML in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"<img src=x onerror=alert(1)> Biaya'),
     load_string("fees", "caption_table"), "it holds HTML"),
    ("an entity in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"&lt;script&gt; Biaya'),
     load_string("fees", "caption_table"), "it holds an entity or a backslash escape"),
    ("emphasis in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"**Biaya** paspor'),
     load_string("fees", "caption_table"), "it holds strong text"),
    ("inline code in a caption", replace("strings/fees.yaml", '"Biaya paspor', '"`Biaya` paspor'),
     load_string("fees", "caption_table"), "it holds code"),
    ("a file-reading role in a string", replace("strings/fees.yaml", '"Biaya paspor', '"{download}`/etc/passwd`'),
     load_string("fees", "caption_table"), "it uses {download} [rule: strings use only the roles ref, doc, numref, term]"),
    ("a field that reads an attribute", replace("strings/fees.yaml", '"Biaya paspor', '"{orig.__class__.__doc__}'),
     load_string("fees", "caption_table"), "field {orig.__class__.__doc__} is not a name [rule: a field is a name"),
    ("a strings file with a repeated key", replace("strings/fees.yaml", 'col_no: {id: "No",',
                                                   'col_no: {id: "No"}\ncol_no: {id: "No",'), validate_strings,
     "strings/fees.yaml, line"),
    # --- the reference list ---------------------------------------------------------------------------
    ("a BibTeX syntax error", replace(BIB, "publisher = {Georgetown University Press},", "publisher = {Georgetown"),
     read_bib, "book/references.bib, line"),
    ("a repeated BibTeX key", replace(BIB, "@book{agranoff2003,", "@book{alwi2018,"), read_bib,
     "book/references.bib: repeated bibliography entry: alwi2018 [rule: each entry once"),
    ("an entry without its line in the source", replace(BIB, "  seedline  = {2382}\n", ""), read_bib,
     "book/references.bib, key 'agranoff2003': no seedline [rule: every entry names its line in the original]"),
    ("a malformed year with no note", replace(BIB, "  year      = {2003},\n  address   = {Washington},",
                                              "  year      = {203},\n  address   = {Washington},"), read_bib,
     "key 'agranoff2003': year '203' is malformed, and no note in every language says so"),
    # --- chapters -------------------------------------------------------------------------------------
    ("an unknown section", append(CHAPTER, "\nKalimat baru {src}`9.9`.\n"), check_page(CHAPTER),
     "section '9.9' is not in the original's table of contents (data/printed/toc.csv) "
     "[rule: a cited section is in the original's table of contents]"),
    ("a page outside its section", append(CHAPTER, "\nKalimat baru {src}`4.1:300`.\n"), check_page(CHAPTER),
     "page 300 is outside section 4.1 (pages 122–123) [rule: a cited page lies within its section of the original]"),
    ("a citation to an unknown key", append(CHAPTER, "\nKalimat baru {cite:t}`nobody2020` {src}`4.1`.\n"),
     check_page(CHAPTER), "citation key 'nobody2020' is not in book/references.bib or the edition's own "
                             "bibliographies [rule: every citation is in the reference list]"),
    ("a typed author-year citation", append(CHAPTER, "\nMenurut Dwiyanto (2010) begitu {src}`4.1`.\n"),
     check_page(CHAPTER), "Dwiyanto (2010)' looks like an author–year citation typed by hand "
                             "[rule: citations are {cite} roles, not typed]"),
    ("a typed number", append(CHAPTER, "\nAda 107 pegawai {src}`4.7`.\n"), check_page(CHAPTER),
     "'107' is typed, not glued [rule: every number in prose comes from a computation]"),
    ("a paragraph with no source", append(CHAPTER, "\nKalimat tanpa sumber.\n"), check_page(CHAPTER),
     "[rule: a summarising paragraph names its source]"),
]


@pytest.mark.parametrize("what,edit,run,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_file_place_and_rule(copy, what, edit, run, message):
    edit(copy)
    with pytest.raises(ReprobookError) as info:
        run(copy)
    assert message in str(info.value)


HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", '<iframe src="http://x">',
           "[x](javascript:alert(1))", "{download}`../../../../etc/passwd`", "{math}`\\input{/etc/passwd}`",
           "```{raw} html", "$\\input{/etc/passwd}$", "a | b", "**tebal**", "\\input{/etc/hostname} % # & { } _ ^ ~"]


def _render(value, writer: str) -> str:
    """A table of one hostile cell, header and caption, as the book renders it, written by docutils."""
    from docutils.core import publish_from_doctree
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from reprobook import values as v
    from reprobook.render import table
    from reprobook.render.inline import Wording

    t = v.Table([v.Column(value)], [[value], [v.strong(value)], [v.cat(value, v.code(value))]], caption=value)
    doc = new_document("test", get_default_settings(Parser))
    doc += table.build(t, Wording(strings.engine_catalog(("id",)), "id"), "page")
    return publish_from_doctree(doc, writer_name=writer, settings_overrides={
        "output_encoding": "unicode", "use_latex_citations": False, "legacy_column_widths": True})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_data_reaches_html_and_latex_as_text(value):
    html = _render(value, "html5")
    body = html[html.index("<table"):html.index("</table>")]
    assert "<img" not in body and "<script" not in body and "<iframe" not in body and "href=" not in body
    shown = body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert shown.count(value) >= 4  # caption, header, plain and strong cells: every character, as it is
    latex = _render(value, "latex")
    assert "\\input{" not in latex and "\\includegraphics" not in latex
