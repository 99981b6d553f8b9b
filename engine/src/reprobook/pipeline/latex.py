"""The PDF's LaTeX: the preamble the engine adds to Sphinx's, and the title
page's stamp (latexmk runs in reprobook.pipeline.build).

Captions are numbered "Tabel 4.1" with a space; a caption's provenance
(reprobook.sphinxext.captions) is left out of the lists of tables and figures;
reference lists stay where their page puts them, with hanging entries; running
heads carry the book's short title and the version. With the setting
``pdf.chapter_head: numbered`` each chapter opens with the chapter word and its
Roman number over the title (BAB IV, CHAPTER IV; LAMPIRAN A in the appendices),
as dissertations print them.
"""
from __future__ import annotations

from .. import strings
from ..render import latex

PREAMBLE = r"""
\makeatletter
\def\fnum@table{\tablename\nobreakspace\thetable}\def\fnum@figure{\figurename\nobreakspace\thefigure}
\newif\ifreprobookinlist
\DeclareRobustCommand\reprobookprov[1]{\ifreprobookinlist\else#1\fi}
\renewenvironment{sphinxthebibliography}[1]{\begin{list}{}{\setlength{\leftmargin}{1.5em}%
  \setlength{\itemindent}{-1.5em}\setlength{\labelwidth}{0pt}\setlength{\labelsep}{0pt}%
  \setlength{\itemsep}{0.35\baselineskip}\setlength{\parsep}{0pt}}\def\@biblabel##1{}\small}{\end{list}}
\let\reprobook@lot\listoftables \def\listoftables{\reprobookinlisttrue\reprobook@lot\reprobookinlistfalse}
\let\reprobook@lof\listoffigures \def\listoffigures{\reprobookinlisttrue\reprobook@lof\reprobookinlistfalse}
\fancypagestyle{normal}{\fancyhf{}
  \fancyfoot[RO,LE]{{\py@HeaderFamily\thepage}}
  \fancyfoot[LO]{{\py@HeaderFamily\nouppercase{\rightmark}}}\fancyfoot[RE]{{\py@HeaderFamily\nouppercase{\leftmark}}}
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


def elements(project, catalog: strings.Catalog, lang: str, st, given: dict) -> dict:
    """The latex_elements of one edition: babel, the contents' name, the preamble
    with the short title and the stamp, and the title page."""
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
    out["maketitle"] = "\\sphinxmaketitle\\begin{center}\\small\\buildstamp\\end{center}\\clearpage"
    return out
