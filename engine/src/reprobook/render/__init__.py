"""What notebooks make for the book: tables (MyST blocks), figures (one style,
vector output), drawings of diagrams, and the provenance line of each caption."""
