"""Every path the project uses, defined once."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESCRIPTOR = DATA / "datapackage.yaml"
NOTEBOOKS = ROOT / "notebooks"
LABELS = NOTEBOOKS / "labels"
BOOK = ROOT / "book"
# RUDIBOOK_BUILD moves every build output elsewhere (the reproducibility test builds twice).
BUILD = Path(os.environ.get("RUDIBOOK_BUILD", ROOT / "_build"))
SEED = ROOT.parent / "shared" / "seed" / "dissertation-rudi-2021.txt"
