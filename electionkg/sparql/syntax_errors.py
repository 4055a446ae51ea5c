"""Messages for a SPARQL query an engine rejected: where (line, column, token) and why."""

from __future__ import annotations

import re

from electionkg.rdf import namespaces
from electionkg.sparql.lexer import declared_prefixes, line_and_column, offset_of, tokenize


def describe_syntax_error(text: str, parser_message: str, label: str) -> str:
    """A message for a query pyoxigraph rejected: where (line, column, token) and why.

    pyoxigraph reports the farthest point its parser reached, which is often the end of the
    query, with a list of what it expected there. Two common mistakes are found directly (an
    unclosed string, an undeclared prefix); otherwise rdflib's SPARQL parser (on this error
    path only) is asked as well, and the earlier of the two positions is reported.
    """
    tokens = tokenize(text)
    for token in tokens:
        if token.kind == "unterminated":
            return _at(text, token.start, label, "this string is never closed")
    declared = declared_prefixes(text)
    for token in tokens:
        if token.kind == "pname" and token.text.split(":", 1)[0] not in declared:
            prefix = token.text.split(":", 1)[0]
            known = namespaces.PREFIXES.get(prefix)
            fix = f"PREFIX {prefix}: <{known or '...'}>"
            return _at(text, token.start, label, f"the prefix `{prefix}:` is not declared ({fix})")
    found = re.match(r"error at (\d+):(\d+): (.*)", parser_message, re.DOTALL)
    offset = offset_of(text, int(found.group(1)), int(found.group(2))) if found else len(text)
    detail = f"the parser expected {found.group(3)}" if found else parser_message
    second_opinion = _rdflib_error_offset(text)
    if second_opinion is not None and second_opinion < offset:
        offset, detail = second_opinion, "the query cannot be read from here on"
    return _at(text, offset, label, detail)


def _at(text: str, offset: int, label: str, detail: str) -> str:
    line, column = line_and_column(text, offset)
    token = next((t for t in tokenize(text) if t.start <= offset < t.start + len(t.text)), None)
    if token is None or not text[offset:].strip():
        near = "at the end of the query"
    else:
        if token.kind == "space":
            token = next(t for t in tokenize(text) if t.start > offset)
        shown = token.text if len(token.text) <= 30 else token.text[:27] + "..."
        near = f"at `{shown}`"
    source_line = text.splitlines()[line - 1] if text.splitlines()[line - 1 : line] else ""
    pointer = " " * (column - 1) + "^"
    return (
        f"{label}: SPARQL syntax error at line {line}, column {column}, {near}: {detail}\n"
        f"    {source_line}\n    {pointer}"
    )


def _rdflib_error_offset(text: str) -> int | None:
    try:
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        parseQuery(text)
    except ParseBaseException as error:
        return offset_of(text, error.lineno, error.col)
    except Exception:  # rdflib's parser has other ways to fail; its opinion is optional
        return None
    return None
