"""reprobook: an engine for reproducible research books.

A project (a folder with reprobook.yaml) holds data with schemas, notebooks
that compute from them, and MyST chapters that paste what the notebooks glue.
The engine validates the data, runs only the notebooks whose recorded inputs
changed, builds an HTML site and a PDF with Jupyter Book, reconciles what the
source prints with what the data recompute, and publishes immutable,
versioned releases. It knows nothing of any one thesis; a content package
supplies what is particular to it. See README.md beside this package.
"""
