"""SHACL validation: the pySHACL reference engine and our SPARQL engine in Oxigraph."""
