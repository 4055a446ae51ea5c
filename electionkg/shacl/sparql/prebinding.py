"""Pre-binding of ``$this`` (SHACL 5.3.1) for a query that checks all focus nodes at once.

The standard pre-binds ``$this`` to each focus node: every occurrence is replaced by the node,
even inside a ``FILTER``, a ``BIND`` or one branch of a ``UNION``. The engine instead joins the
query to the set of focus nodes (``?this``), which gives the same rows when the group using
``$this`` also binds it by a triple pattern, but not otherwise: a group whose ``FILTER`` or
``BIND`` reads ``$this`` would see it unbound. So the focus nodes are joined inside every such
group as well, which is the substitution done for all focus nodes at once. ``EXISTS`` blocks
are left alone: SPARQL already substitutes the outer solution into them.

The query forms the standard forbids with pre-binding (5.3.2) are refused: ``MINUS``,
``SERVICE``, ``VALUES``, ``AS $this``, and subqueries that do not project ``$this``.
"""

from __future__ import annotations

from dataclasses import dataclass

from electionkg.shacl.sparql.model import UnsupportedShapesError
from electionkg.sparql.lexer import Token, tokenize

_FORBIDDEN = {"MINUS": "MINUS", "SERVICE": "federated SERVICE", "VALUES": "VALUES"}


@dataclass
class _Group:
    """A ``{ ... }`` group by token indices, and whether it sits in an ``EXISTS``."""

    open: int
    close: int
    in_exists: bool


def prebind_this(select: str, focus: str, name: str) -> str:
    """``select`` with ``focus`` (a pattern binding ``?this``) joined into every group that
    reads ``$this`` without binding it by a triple pattern; refuses what 5.3.2 forbids."""
    tokens = [t for t in tokenize(select) if t.kind not in ("space", "comment")]
    _refuse_forbidden(tokens, name)
    inserts = [
        tokens[group.open].start + 1
        for group in _groups(tokens)
        if not group.in_exists and _needs_focus(tokens, group)
    ]
    for position in sorted(inserts, reverse=True):
        select = f"{select[:position]} {focus} {select[position:]}"
    return select


def _is_this(token: Token) -> bool:
    return token.kind == "var" and token.text[1:] == "this"


def _refuse_forbidden(tokens: list[Token], name: str) -> None:
    selects = 0
    for index, token in enumerate(tokens):
        word = token.text.upper() if token.kind == "word" else ""
        if word in _FORBIDDEN:
            raise UnsupportedShapesError(f"{name}: {_FORBIDDEN[word]} in a sh:select (SHACL 5.3.2)")
        if word == "AS" and index + 1 < len(tokens) and _is_this(tokens[index + 1]):
            raise UnsupportedShapesError(f"{name}: AS $this in a sh:select (SHACL 5.3.2)")
        if word == "SELECT":
            selects += 1
            if selects > 1 and not _projects_this(tokens, index):
                raise UnsupportedShapesError(
                    f"{name}: a subquery that does not project $this (SHACL 5.3.2)"
                )


def _projects_this(tokens: list[Token], select: int) -> bool:
    """The projection of the SELECT at ``select`` names ``$this`` (``*`` is not enough: a
    variable only read by a FILTER is not in scope, so ``*`` would not return it)."""
    for token in tokens[select + 1 :]:
        if token.text == "{" or token.text.upper() == "WHERE":
            return False
        if _is_this(token):
            return True
    return False


def _groups(tokens: list[Token]) -> list[_Group]:
    groups = []
    stack: list[tuple[int, bool]] = []
    for index, token in enumerate(tokens):
        if token.text == "{":
            exists = index > 0 and tokens[index - 1].text.upper() == "EXISTS"
            inside = bool(stack) and stack[-1][1]
            stack.append((index, exists or inside))
        elif token.text == "}" and stack:
            start, in_exists = stack.pop()
            groups.append(_Group(start, index, in_exists))
    return groups


def _needs_focus(tokens: list[Token], group: _Group) -> bool:
    """The group reads ``$this`` itself (in an expression) and either does not bind it by a
    triple pattern of its own or reads it in a ``BIND`` (evaluated where it stands)."""
    braces = parens = 0
    in_triple = in_expression = in_bind = False
    bind_depth: int | None = None
    for token in tokens[group.open + 1 : group.close]:
        if token.text == "{":
            braces += 1
        elif token.text == "}":
            braces -= 1
        if braces:
            continue
        if token.kind == "word" and token.text.upper() == "BIND":
            bind_depth = parens
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
            if bind_depth is not None and parens == bind_depth:
                bind_depth = None
        elif _is_this(token):
            if parens == 0:
                in_triple = True
            else:
                in_expression = True
                in_bind = in_bind or bind_depth is not None
    return in_expression and (not in_triple or in_bind)
