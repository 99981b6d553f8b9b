"""From a project to a published site: its version (from git tags), the stamp
every page and PDF carries, the build (Sphinx and LaTeX), the versioned site
tree, releases, and what changed since the previous release."""
