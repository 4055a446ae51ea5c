"""The one SPARQL lexer of the package: tokens with their offsets, and what they tell.

Enough to read a query before an engine sees it (its variables, its ``PREFIX`` declarations,
whether it is an update, where its pattern opens) and to point at a place in it; no grammar.
The engines (pyoxigraph, a remote endpoint) parse the query itself.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


class Token(NamedTuple):
    """One lexical token: its kind (a group of the pattern), its text and its offset."""

    kind: str
    text: str
    start: int


_TOKEN_PATTERN = r"""
    (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
    | (?P<unterminated>["'])
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7]+)
    | (?P<bnode>_:[\w\-.]*[\w\-])
    | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:[\w\-:%]|\\\S|\.(?=[\w\-:%]))*)
    | (?P<word>[^\W\d][\w]*)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<space>\s+)
    | (?P<punct>.)
    """


@functools.cache
def _token_regex() -> re.Pattern[str]:
    """Compiled on first use: answering a stored query without parameters never tokenizes."""
    return re.compile(_TOKEN_PATTERN, re.VERBOSE | re.DOTALL)


def tokenize(text: str) -> list[Token]:
    """SPARQL tokens with their offsets (an approximation: no grammar, just the lexical kinds)."""
    return [
        Token(match.lastgroup or "punct", match.group(), match.start())
        for match in _token_regex().finditer(text)
    ]


def significant_tokens(text: str) -> list[Token]:
    """The tokens without white space and comments."""
    return [token for token in tokenize(text) if token.kind not in ("space", "comment")]


def query_variables(text: str) -> set[str]:
    """The names of the variables a query mentions (``?x`` and ``$x`` alike)."""
    return {token.text[1:] for token in tokenize(text) if token.kind == "var"}


def declared_prefixes(text: str) -> dict[str, str]:
    """``PREFIX name: <iri>`` declarations of a query, by name."""
    tokens = significant_tokens(text)
    found = {}
    for index, token in enumerate(tokens[:-2]):
        name, iri = tokens[index + 1], tokens[index + 2]
        if token.text.upper() == "PREFIX" and name.kind == "pname" and iri.kind == "iri":
            found[name.text[:-1]] = iri.text[1:-1]
    return found


def query_form(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased (``SELECT``, ``ASK``, ``CONSTRUCT``,
    ``DESCRIBE``, or an update's: ``INSERT``, ``DROP``, ...); None if there is none."""
    tokens = iter(significant_tokens(text))
    for token in tokens:
        word = token.text.upper()
        if word == "PREFIX":
            next(tokens, None)
            next(tokens, None)
        elif word == "BASE":
            next(tokens, None)
        else:
            return word if token.kind == "word" else None
    return None


def update_keyword(text: str) -> str | None:
    """The keyword (``INSERT``, ``DROP``, ...) if the text is a SPARQL update, else None."""
    word = query_form(text)
    return word if word in UPDATE_KEYWORDS else None


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset in the text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column (the end of the text if past it)."""
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + column - 1, len(text))


# --- syntax errors -----------------------------------------------------------------------


def outer_group_offset(text: str) -> int | None:
    """Offset of the ``{`` opening the query pattern (after ``WHERE`` for CONSTRUCT)."""
    tokens = significant_tokens(text)
    form = None
    depth = 0
    for token in tokens:
        word = token.text.upper()
        if form is None:
            if token.kind == "word" and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            continue
        if form == "CONSTRUCT":  # skip the template: the pattern follows WHERE at depth 0
            if token.text == "{":
                depth += 1
            elif token.text == "}":
                depth -= 1
            elif depth == 0 and token.kind == "word" and word == "WHERE":
                form = "WHERE"
            continue
        if token.text == "{":
            return token.start
    return None


# --- running -----------------------------------------------------------------------------
