"""RDF plumbing: namespaces, parsing with clear errors, terms between engines, serialisation."""
