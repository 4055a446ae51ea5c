"""Where ``validate`` and the report lived before the split; kept so that old imports work.

New code imports from :mod:`electionkg.shacl.report` (the report and the names in it),
:mod:`electionkg.shacl.pyshacl_engine` (pySHACL) and :mod:`electionkg.shacl.sparql` (ours).
"""

from __future__ import annotations

from electionkg.shacl.pyshacl_engine import validate
from electionkg.shacl.report import ValidationReport, ValidationResult, short

__all__ = ["ValidationReport", "ValidationResult", "short", "validate"]
