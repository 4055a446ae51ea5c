"""Where the SPARQL validator lived before the split; kept so that old imports work.

The engine is now the package :mod:`electionkg.shacl.sparql`.
"""

from __future__ import annotations

from electionkg.shacl.sparql import UnsupportedShapesError, validate_store

__all__ = ["UnsupportedShapesError", "validate_store"]
