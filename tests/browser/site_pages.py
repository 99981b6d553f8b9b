"""The pages of the built site that the browser checks visit."""
from rudibook import paths

HTML = paths.BUILD / "html"


def pages():
    """Every content page of the site, as paths relative to its root."""
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts)
