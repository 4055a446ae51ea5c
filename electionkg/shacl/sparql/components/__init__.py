"""SHACL Core constraint components as SPARQL, one module per family (as pySHACL's
``constraints/core/`` is laid out): value type, value range, string based, other (``sh:in``,
``sh:hasValue``), cardinality, and logical plus shape-based (``sh:not``/``sh:and``/``sh:or``/
``sh:xone``/``sh:node``, which nest whole shapes)."""
