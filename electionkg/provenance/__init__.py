"""Provenance: verbatim quotes, their anchors in the seed articles, and seed hashes."""
