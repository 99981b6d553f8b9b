"""The PDF's LaTeX: the preamble the engine adds to Sphinx's, the title page's
stamp, and the PDF's metadata (latexmk runs in reprobook.pipeline.build).

Captions are numbered "Tabel 4.1" with a space; a caption's provenance
(reprobook.sphinxext.captions) is left out of the lists of tables and figures;
reference lists stay where their page puts them, with hanging entries; running
heads carry the book's short title and the version, running feet the section's
title, cut short with an ellipsis where it would reach the page number. With
the setting ``pdf.chapter_head: numbered`` each chapter opens with the chapter
word and its Roman number over the title (BAB IV, CHAPTER IV; LAMPIRAN A in the
appendices), as dissertations print them.

Tables and figures in the appendices are numbered on from those of the front
matter (1, 2, 3, ...), as the HTML numbers them in the book's unnumbered parts,
so that no number repeats one of the main matter's (4.1, 4.2, ...); a table
without a caption takes no number (longtable would count it; the extension marks
it, reprobook.sphinxext.tables). A table of class ``wide`` is set small, with
its caption at the text's size, so that it fits the text block.

The PDF is PDF/A-2b (``\\DocumentMetadata``, given to pdflatex before the
document by latexmk's ``-usepretex``): /Lang, an output intent, and XMP
metadata with the title, the authors (CITATION.cff: the original's, then the
edition's), the subject and keywords (strings ``book_subject``,
``book_keywords``), the version and the build date. Every date and identifier
comes from the version stamp, so a rebuild of the same commit is identical byte
for byte. TeX Live 2022 cannot tag a PDF with longtables (engine/README.md,
Decisions), so it is not PDF/UA.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid

from .. import digest, strings
from ..errors import ConfigError, Where
from ..render import latex
from . import cff

PREAMBLE = r"""
\usepackage{etoolbox}
\usepackage{truncate}
\makeatletter
\newenvironment{reprobookwide}{\par\scriptsize\setlength\tabcolsep{2.5pt}%
  \patchcmd\LT@makecaption{\reset@font}{\reset@font\normalsize}{}%
    {\PackageError{reprobook}{longtable's caption has changed: a wide table's caption cannot be kept at size}{}}}%
  {\par}
\newif\ifreprobook@uncaptioned \def\reprobookuncaptioned{\reprobook@uncaptionedtrue}
\let\reprobook@LT@array\LT@array
\def\LT@array{\ifreprobook@uncaptioned\reprobook@uncaptionedfalse % hyperref's longtable steps with \H@refstepcounter
  \let\reprobook@refstep\H@refstepcounter\def\H@refstepcounter##1{\let\H@refstepcounter\reprobook@refstep}%
  \edef\theHtable{uncaptioned.\the\c@LT@tables}\fi
  \reprobook@LT@array}
\newcount\reprobook@fronttables \newcount\reprobook@frontfigures
\g@addto@macro\mainmatter{\global\reprobook@fronttables\c@table \global\reprobook@frontfigures\c@figure}
\g@addto@macro\appendix{\@removefromreset{table}{chapter}\@removefromreset{figure}{chapter}%
  \global\c@table\reprobook@fronttables \global\c@figure\reprobook@frontfigures
  \gdef\thetable{\arabic{table}}\gdef\thefigure{\arabic{figure}}}
\def\fnum@table{\tablename\nobreakspace\thetable}\def\fnum@figure{\figurename\nobreakspace\thefigure}
\newif\ifreprobookinlist
\DeclareRobustCommand\reprobookprov[1]{\ifreprobookinlist\else#1\fi}
\renewenvironment{sphinxthebibliography}[1]{\begin{list}{}{\setlength{\leftmargin}{1.5em}%
  \setlength{\itemindent}{-1.5em}\setlength{\labelwidth}{0pt}\setlength{\labelsep}{0pt}%
  \setlength{\itemsep}{0.35\baselineskip}\setlength{\parsep}{0pt}}\def\@biblabel##1{}\small}{\end{list}}
\let\reprobook@lot\listoftables \def\listoftables{\reprobookinlisttrue\reprobook@lot\reprobookinlistfalse}
\let\reprobook@lof\listoffigures \def\listoffigures{\reprobookinlisttrue\reprobook@lof\reprobookinlistfalse}
\newcommand\reprobookmark[1]{\truncate{\dimexpr\headwidth-4em\relax}{\nouppercase{#1}}}
\fancypagestyle{normal}{\fancyhf{}
  \fancyfoot[RO,LE]{{\py@HeaderFamily\thepage}}
  \fancyfoot[LO]{{\py@HeaderFamily\reprobookmark{\rightmark}}}\fancyfoot[RE]{{\py@HeaderFamily\reprobookmark{\leftmark}}}
  \fancyhead[RO,LE]{{\py@HeaderFamily\reprobookshorttitle\sphinxheadercomma\py@release}}
  \renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0.4pt}}
\makeatother
"""

NUMBERED_HEADS = r"""
\makeatletter
\newcommand\reprobookchapnum{\@Roman\c@chapter}
\g@addto@macro\appendix{\renewcommand\reprobookchapnum{\thechapter}}
\def\@makechapterhead#1{\vspace*{10\p@}{\centering\normalfont\sffamily
  \if@mainmatter{\large\bfseries\MakeUppercase{\@chapapp}\space\reprobookchapnum\par}\vskip 12\p@\fi
  {\LARGE\bfseries #1\par}}\vskip 30\p@}
\def\@makeschapterhead#1{\vspace*{10\p@}{\centering\normalfont\sffamily{\LARGE\bfseries #1\par}}\vskip 30\p@}
\renewcommand\chaptermark[1]{\markboth{\if@mainmatter\MakeUppercase{\@chapapp}\space\reprobookchapnum.\space\fi #1}{}}
\makeatother
"""


PDF_STANDARD = "A-2b"
PDF_VERSION = "1.7"
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# What the PDF's metadata may hold: hyperref and the XMP packet must read it alike, so no
# character TeX or XML gives a meaning to.
NOT_PLAIN = re.compile(r"[\\{}%#$^_~&<>]")


def language_tag(catalog: strings.Catalog, lang: str) -> str:
    """The edition's language as the PDF names it (/Lang, dc:language): id-ID, en-US."""
    tag = catalog.text("site", "language_tag", lang)
    if not LANGUAGE_TAG.fullmatch(tag):
        raise ConfigError(Where("strings/site.yaml", key=f"language_tag.{lang}"), "a language tag is BCP 47 (en-US)",
                          f"'{tag}' is not")
    return tag


def document_metadata(catalog: strings.Catalog, lang: str) -> str:
    """What pdflatex reads before the document: the PDF's standard, language and version."""
    return (f"\\DocumentMetadata{{pdfstandard={PDF_STANDARD},lang={language_tag(catalog, lang)},"
            f"pdfversion={PDF_VERSION}}}")


def _plain(text: str, where: Where) -> str:
    bad = NOT_PLAIN.search(text)
    if bad:
        raise ConfigError(where, "the PDF's metadata is plain text", f"it holds {bad.group()!r}")
    return text


def _person(author: dict) -> str:
    return author.get("name") or " ".join(filter(None, (author.get("given-names"), author["family-names"])))


def metadata(project, catalog: strings.Catalog, lang: str, st) -> str:
    """The LaTeX that fills the PDF's metadata, after Sphinx's title page (which sets
    the title and author its own way): one author entry, since PDF/A wants the
    information dictionary's Author to equal the XMP's one dc:creator."""
    site = "strings/site.yaml"
    record = cff.read(project.root)
    people = [*(record.get("preferred-citation") or {}).get("authors", []), *record["authors"]]
    title = _plain(catalog.text("site", "book_title", lang), Where(site, key="book_title"))
    authors = _plain("; ".join(dict.fromkeys(_person(a) for a in people)), Where(cff.CFF, key="authors"))
    subject = (_plain(catalog.text("site", "book_subject", lang), Where(site, key="book_subject"))
               if catalog.has("site", "book_subject") else "")
    keywords = ", ".join(_plain(k, Where(site, key="book_keywords"))
                         for k in (catalog.value("site", "book_keywords", lang)
                                   if catalog.has("site", "book_keywords") else []))
    date = dt.datetime.fromtimestamp(int(st.epoch), tz=dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    instance = uuid.UUID(digest.of_bytes(f"{project.name}/{st.version}/{st.commit}/{lang}".encode())[:32])
    out = [f"\\hypersetup{{pdftitle={{{title}}},pdfauthor={{{{{authors}}}}},pdfsubject={{{{{subject}}}}},"
           f"pdfkeywords={{{keywords}}},pdfversionid={{{st.version}}},pdfmetalang=x-default}}",
           # without these, the XMP's dates and instance ID would be the log file's time (l3pdfmeta)
           "\\ifdefined\\AddToDocumentProperties",
           f"\\AddToDocumentProperties[document]{{pdfcreationdate}}{{{date}}}",
           f"\\AddToDocumentProperties[document]{{pdfmoddate}}{{{date}}}",
           f"\\AddToDocumentProperties[hyperref]{{pdfmetadate}}{{{date}}}",
           f"\\AddToDocumentProperties[hyperref]{{pdfdate}}{{{date}}}",
           f"\\AddToDocumentProperties[hyperref]{{pdfinstanceid}}{{uuid:{instance}}}",
           "\\fi"]
    if keywords:  # the information dictionary's Keywords, in the XMP as pdf:Keywords (l3pdfmeta writes dc:subject)
        out.append(f"\\ifcsname pdfmeta_xmp_add:n\\endcsname\\csname pdfmeta_xmp_add:n\\endcsname"
                   f"{{<pdf:Keywords>{keywords}</pdf:Keywords>}}\\fi")
    return "\n".join(out)


def elements(project, catalog: strings.Catalog, lang: str, st, given: dict) -> dict:
    """The latex_elements of one edition: babel, the contents' name, the preamble
    with the short title and the stamp, the title page and the metadata."""
    site = catalog.texts("site", lang)
    out = dict(given)
    out["babel"] = "\\usepackage[" + site["babel"] + "]{babel}"
    out["releasename"] = latex.text(site["release_name"])
    # Sphinx names the contents after the book's first part caption; give it its own name.
    out["tableofcontents"] = ("\\renewcommand{\\contentsname}{" + latex.text(site["contents_name"]) + "}"
                              + given.get("tableofcontents", "\\sphinxtableofcontents"))
    lines = [site["edition_name"], *(strings.fill(line, version=st.version, commit=st.commit[:10], date=st.date,
                                                  data=st.data)
                                     for line in catalog.value("site", "stamp_pdf", lang))]
    head = NUMBERED_HEADS if project.chapter_head == "numbered" else ""
    if head:
        out["fncychap"] = ""  # the chapter head above replaces it (fncychap spells numbers in English words)
    out["preamble"] = given.get("preamble", "") + PREAMBLE + head + (
        "\\newcommand\\reprobookshorttitle{" + latex.text(catalog.text("site", "site_title", lang)) + "}"
        "\\newcommand{\\buildstamp}{" + "\\\\".join(latex.text(line) for line in lines) + "}")
    out["maketitle"] = ("\\sphinxmaketitle\\begin{center}\\small\\buildstamp\\end{center}\\clearpage\n"
                        + metadata(project, catalog, lang, st) + "\n")
    return out
