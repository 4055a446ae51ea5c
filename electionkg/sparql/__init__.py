"""SPARQL: the stored-query catalogue, parameters, running queries and result formats."""
