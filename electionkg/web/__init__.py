"""The linked-data server: content negotiation, pages, the SPARQL protocol endpoint."""
