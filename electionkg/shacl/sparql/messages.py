"""The message of a result whose shape has no ``sh:message``: pySHACL's wording.

pySHACL writes a default message per constraint component; these follow its words, with the
constraint's value named by :func:`~electionkg.shacl.report.short` (pySHACL's own messages
also name the focus node, which every report line here already shows).
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import SH
from rdflib.term import Node

from electionkg.shacl.report import short

_TEMPLATES: dict[Node, str] = {
    SH["class"]: "Value does not have class {}",
    SH.datatype: "Value is not Literal with datatype {}",
    SH.nodeKind: "Value is not of Node Kind {}",
    SH.minCount: "Less than {} values",
    SH.maxCount: "More than {} values",
    SH.minExclusive: "Value is not > {}",
    SH.minInclusive: "Value is not >= {}",
    SH.maxExclusive: "Value is not < {}",
    SH.maxInclusive: "Value is not <= {}",
    SH.minLength: "String length not >= {}",
    SH.maxLength: "String length not <= {}",
    SH.pattern: "Value does not match pattern '{}'",
    SH.languageIn: "String language is not in {}",
    SH.hasValue: "Node does not contain a value in the set: {}",
    SH["in"]: "Value not in list {}",
    SH.node: "Value does not conform to Shape {}",
    SH["not"]: "Node must not conform to shape {}",
    SH["and"]: "Node must conform to all shapes in {}",
    SH["or"]: "Node must conform to one or more shapes in {}",
    SH.xone: "Node must conform to exactly one shape in {}",
    SH.equals: "Value of path != {}",
    SH.disjoint: "Value of path == {}",
    SH.lessThan: "Value of path >= {}",
    SH.lessThanOrEquals: "Value of path > {}",
    SH.closed: "Node is closed. It cannot have value {}",
    SH.qualifiedValueShape: "Focus node does not conform to the qualified shape {}",
}


def default_message(parameter: Node, value: Node) -> Literal:
    """pySHACL's default message for one constraint parameter and its value."""
    if parameter == SH.uniqueLang:
        return Literal("More than one String shares the same Language")
    template = _TEMPLATES.get(parameter, "Value does not satisfy {}")
    text = str(value.value) if parameter == SH.pattern and isinstance(value, Literal) else None
    return Literal(template.format(text if text is not None else short(value)))
