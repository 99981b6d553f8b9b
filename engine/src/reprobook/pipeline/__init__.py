"""The pipeline: everything between the data and the published site that is not
Sphinx's business. It validates, runs stale notebooks, computes what Sphinx
needs (the stamp, drawn figures, what changed, how to cite: reprobook.context),
drives Sphinx from outside (sphinx_app), typesets the PDF (latex), and
publishes (publish) and releases (release) the versioned site."""
