"""Each chapter of an edition's PDF as a PDF of its own, cut from the whole book,
so its pages keep the book's page numbers.

A chapter is a page the edition's TOC lists under its root (reprobook.editions:
front matter and appendices alike), with the pages under it. It starts where
LaTeX put its document label (``\\label{<docname>::doc}``, in book.aux with the
anchor hyperref made for it) and runs to the page before the next chapter-level
bookmark (the next chapter, or the index). Each part keeps the book's page
labels (/PageLabels: a reader's viewer shows "52", not "1"), /Lang, the output
intent, the information dictionary and the XMP metadata, its title naming the
chapter, and the links and bookmarks that stay within it. Its file name is
``project.pdf(version, lang, part=<docname with - for />)``, and its bytes
depend on the whole PDF's alone. A build keeps the parts it cut, with the key
they were cut under, and reuses them while the key holds (``split_once``).
"""
from __future__ import annotations

import html
import io
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from .. import atomic, digest, editions
from ..errors import BuildError

LABEL = re.compile(r"\\newlabel\{(?P<doc>[^{}]+)::doc\}\{")
KEY = ".key"  # in a folder of kept parts: the key they were cut under, written last


@dataclass(frozen=True)
class Part:
    docname: str
    name: str  # the file name
    first: int  # page indices in the whole PDF, `last` included
    last: int
    title: str


def part_name(docname: str) -> str:
    return docname.replace("/", "-")


def _groups(text: str, at: int, count: int) -> list[str]:
    """The `count` brace groups that start at text[at] (nested braces kept)."""
    out = []
    for _ in range(count):
        if text[at] != "{":
            raise ValueError(f"no group at {at}")
        depth, start = 0, at
        while True:
            depth += {"{": 1, "}": -1}.get(text[at], 0)
            at += 1
            if depth == 0:
                break
        out.append(text[start + 1:at - 1])
    return out


def anchors(aux: Path) -> dict[str, str]:
    """{docname: hyperref anchor} of every document label in a LaTeX .aux file
    (``\\newlabel{doc::doc}{{number}{page}{title}{anchor}{}}``)."""
    text = aux.read_text(encoding="utf-8", errors="replace")
    out = {}
    for m in LABEL.finditer(text):
        try:
            fields = _groups(text, m.end(), 4)
        except (ValueError, IndexError):
            raise BuildError(str(aux), "a document label holds its anchor", f"cannot read {m.group(0)}") from None
        out[m.group("doc")] = fields[3]
    return out


def plan(reader, chapter_docs: list[str], found: dict[str, str], shown: str) -> list[Part]:
    """Where each chapter starts and ends in the whole PDF (a pypdf reader)."""
    destinations = reader.named_destinations
    starts = {}
    for doc in chapter_docs:
        anchor = found.get(doc)
        if anchor is None:
            continue  # a chapter LaTeX did not set (none here; the check below counts them)
        if anchor not in destinations:
            raise BuildError(shown, "a chapter's anchor is a destination in the PDF", f"{doc}: no '{anchor}'")
        starts[doc] = reader.get_destination_page_number(destinations[anchor])
    top = {reader.get_destination_page_number(item): item.title for item in reader.outline if not isinstance(item, list)}
    bounds = sorted({*starts.values(), *top, len(reader.pages)})
    parts = []
    for doc, first in sorted(starts.items(), key=lambda kv: kv[1]):
        last = next(b for b in bounds if b > first) - 1
        parts.append(Part(doc, part_name(doc), first, last, top.get(first, doc)))
    return parts


def _page_labels(reader, part: Part):
    """The whole PDF's page labels over this part's pages, numbered from its first."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    root = reader.trailer["/Root"]
    nums = root["/PageLabels"].get_object()["/Nums"] if "/PageLabels" in root else [0, {"/S": "/D"}]
    ranges = [(int(nums[i]), nums[i + 1].get_object()) for i in range(0, len(nums), 2)]
    out = ArrayObject()
    for i, (first, label) in enumerate(ranges):
        end = ranges[i + 1][0] if i + 1 < len(ranges) else len(reader.pages)
        if end <= part.first or first > part.last:
            continue
        start = max(first, part.first)
        entry = DictionaryObject({NameObject(k): v for k, v in label.items() if k != "/St"})
        entry[NameObject("/St")] = NumberObject(int(label.get("/St", 1)) + start - first)
        out.extend([NumberObject(start - part.first), entry])
    return DictionaryObject({NameObject("/Nums"): out})


def _xmp(packet: str, title: str, pages: int, instance: str, shown: str) -> str:
    """The whole PDF's XMP with this part's title, page count and instance ID."""
    out, n = re.subn(r"(<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>)[^<]*(</rdf:li>)",
                     lambda m: m.group(1) + html.escape(title, quote=False) + m.group(2), packet, count=1)
    out, k = re.subn(r"(<prism:pageCount>)\d+(</prism:pageCount>)", rf"\g<1>{pages}\g<2>", out, count=1)
    out, j = re.subn(r"(<xmpMM:InstanceID>)[^<]*(</xmpMM:InstanceID>)", rf"\g<1>{instance}\g<2>", out, count=1)
    if (n, k, j) != (1, 1, 1):
        raise BuildError(shown, "the PDF's XMP has a title, a page count and an instance ID", "one is missing")
    return out


def write_part(reader, part: Part, dest: Path, shown: str) -> Path:
    """One chapter's pages as a PDF at `dest`."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    writer.append(reader, pages=(part.first, part.last + 1))  # with the bookmarks and links that stay inside
    root, source = writer.root_object, reader.trailer["/Root"]
    for key in ("/Lang", "/OutputIntents", "/PageMode"):
        if key in source:
            root[NameObject(key)] = source[key].clone(writer)
    root[NameObject("/PageLabels")] = _page_labels(reader, part)
    info = reader.trailer["/Info"].get_object() if "/Info" in reader.trailer else DictionaryObject()
    title = f"{info['/Title']} — {part.title}" if "/Title" in info else part.title
    # the book's information dictionary (its Producer, not pypdf's), titled for the chapter
    writer._info = DictionaryObject({**{NameObject(k): v.clone(writer) for k, v in info.items()},
                                     NameObject("/Title"): TextStringObject(title)})
    # PDF/A wants a file identifier; pypdf would draw a random one
    first_id = reader.trailer["/ID"][0] if "/ID" in reader.trailer else b""
    seed = first_id.original_bytes if hasattr(first_id, "original_bytes") else bytes(first_id)  # text or bytes
    ident = bytes.fromhex(digest.of_bytes(seed + part.name.encode())[:32])
    writer._ID = ArrayObject([ByteStringObject(ident), ByteStringObject(ident)])
    if "/Metadata" in source:
        packet = source["/Metadata"].get_object().get_data().decode("utf-8")
        writer.xmp_metadata = _xmp(packet, title, part.last - part.first + 1, f"uuid:{uuid.UUID(bytes=ident)}",
                                   shown).encode("utf-8")
        stream = root["/Metadata"].get_object()
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
    buffer = io.BytesIO()
    writer.write(buffer)
    atomic.write_bytes(dest, buffer.getvalue())
    return dest


def split(project, lang: str, version: str, whole: Path, aux: Path, folder: Path) -> list[Path]:
    """Write every chapter of the edition's PDF `whole` into `folder`; their paths."""
    from pypdf import PdfReader

    shown = project.relative(aux) if aux.is_relative_to(project.root) else str(aux)
    chapter_docs = list(editions.chapters(project, lang))
    found = anchors(aux)
    missing = [doc for doc in chapter_docs if doc not in found]
    if missing:
        raise BuildError(shown, "every chapter of the TOC is in the PDF", f"no label for {', '.join(missing)}")
    reader = PdfReader(str(whole))
    return [write_part(reader, part, folder / project.pdf(version, lang, part=part.name), shown)
            for part in plan(reader, chapter_docs, found, shown)]


def split_once(project, lang: str, version: str, whole: Path, aux: Path, folder: Path, kept: Path,
               key: str | None) -> list[Path]:
    """As split(), but the parts cut under the same `key` are copied from `kept`
    instead of cut again (a second and a half an edition of this book); what is cut
    is kept there. The key must name everything the parts depend on: the caller's
    digest of what its LaTeX build read, with the whole PDF's and the .aux file's
    bytes. No key, nothing kept."""
    marker = kept / KEY
    if key is not None and marker.is_file() and marker.read_text(encoding="utf-8") == key:
        made = []
        for part in sorted(kept.glob("*.pdf")):
            shutil.copy2(part, folder / part.name)
            made.append(folder / part.name)
        return made
    made = split(project, lang, version, whole, aux, folder)
    shutil.rmtree(kept, ignore_errors=True)
    if key is not None:
        kept.mkdir(parents=True)
        for part in made:
            shutil.copy2(part, kept / part.name)
        atomic.write_text(marker, key)  # last: parts without their key are never reused
    return made


def pdfs(project, lang: str, version: str, folder: Path) -> dict[str | None, Path]:
    """The edition's PDFs in `folder`: the whole book (under None), then each chapter's."""
    whole = folder / project.pdf(version, lang)
    found = {None: whole} if whole.is_file() else {}
    for chapter in editions.chapters(project, lang):
        path = folder / project.pdf(version, lang, part=part_name(chapter))
        if path.is_file():
            found[chapter] = path
    return found


def listing(project, lang: str, version: str, folder: Path) -> dict[str, dict]:
    """{docname: its chapter's PDF (name, size, the book's pages it holds)} for every
    page of every chapter whose PDF is in `folder`: what the edition bar links."""
    from pypdf import PdfReader

    chapters = editions.chapters(project, lang)
    out = {}
    for chapter, path in pdfs(project, lang, version, folder).items():
        if chapter is None:
            continue
        labels = PdfReader(str(path)).page_labels
        pages = labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"
        out.update({doc: {"name": path.name, "size": path.stat().st_size, "pages": pages} for doc in chapters[chapter]})
    return out
