"""The stored-query catalogue: the files ``queries/NAME.rq``, and resolving a query to run.

A stored query is the file ``queries/NAME.rq`` (the list of stored queries is the folder); its
first lines are comments that describe it::

    # title: Who congratulated the winner
    # question: Who congratulated the winner of each election, on behalf of whom, ...?
    # param: resource — the IRI of the resource whose claims to list

(a comment line indented by two or more spaces after ``#`` continues the line above).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple, TextIO

from electionkg import paths
from electionkg.errors import InputError

_HEADER_FIELD = re.compile(r"#\s*(title|question|param)\s*:\s*(.*)$", re.IGNORECASE)
_CONTINUATION = re.compile(r"#\s{2,}\S")
_PARAM_DECLARATION = re.compile(r"[?$]?([A-Za-z_][A-Za-z0-9_]*)\b\s*(?:[\u2014\u2013:-]+\s*)?(.*)$")


class QueryParameter(NamedTuple):
    """A parameter a stored query declares with ``# param: NAME — description``."""

    name: str
    description: str


class StoredQuery(NamedTuple):
    """One ``queries/NAME.rq`` and what its header comments say about it."""

    name: str
    title: str
    question: str
    params: tuple[QueryParameter, ...]
    path: Path


class QueryText(NamedTuple):
    """A query to run: its text, a label for messages, and the parameters it declares."""

    label: str
    text: str
    params: tuple[QueryParameter, ...]


def list_stored_queries(folder: Path | None = None) -> list[StoredQuery]:
    """Every ``*.rq`` file of the queries folder, by name."""
    folder = folder or paths.queries_dir()
    stored = []
    for path in sorted(folder.glob("*.rq")):
        title, question, params = read_header(_read_text(path, path.name), path.name)
        stored.append(StoredQuery(path.stem, title, question, params, path))
    return stored


def read_header(text: str, label: str = "the query") -> tuple[str, str, tuple[QueryParameter, ...]]:
    """Title, question and declared parameters from the comment lines a query starts with."""
    title: list[str] = []
    question: list[str] = []
    declared: list[list[str]] = []
    current: list[str] | None = None  # the field that an indented comment line continues
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            current = None
            continue
        match = _HEADER_FIELD.match(stripped)
        if match:
            current = [match.group(2).strip()]
            key = match.group(1).lower()
            if key == "title":
                title = current
            elif key == "question":
                question = current
            else:
                declared.append(current)
        elif current is not None and _CONTINUATION.match(stripped):
            current.append(stripped[1:].strip())
        else:
            current = None
    params = []
    for parts in declared:
        words = " ".join(parts)
        param = _PARAM_DECLARATION.match(words)
        if not param:
            raise InputError(
                f"{label}: `# param: {words}` does not start with a variable name "
                "(write `# param: NAME — what it is`)"
            )
        params.append(QueryParameter(param.group(1), param.group(2).strip()))
    return " ".join(title), " ".join(question), tuple(params)


def resolve_query(spec: str, folder: Path | None = None, stdin: TextIO | None = None) -> QueryText:
    """The query named by ``spec``: ``-`` (standard input), a file path, or a stored name.

    A spec with a ``/`` or a ``.`` is a path (stored names are slugs like ``winner``); anything
    else is a stored query, and an unknown name is an error that lists the known ones.
    """
    folder = folder or paths.queries_dir()
    if spec == "-":
        stream = stdin or sys.stdin
        try:
            text = stream.read()
        except UnicodeDecodeError as error:
            raise InputError(f"<stdin>: not UTF-8 text ({error.reason})") from None
        return _query_text("<stdin>", text)
    if not is_stored_name(spec):
        path = Path(spec)
        if not path.exists() and (folder / f"{path.stem}.rq").is_file() and "/" not in spec:
            raise InputError(f"{spec}: no such file (the stored query is `{path.stem}`)")
        return _query_text(spec, _read_text(path, spec))
    path = folder / f"{spec}.rq"
    if not path.is_file():
        raise InputError(_unknown_query_message(spec, folder))
    return _query_text(spec, _read_text(path, spec))


def is_stored_name(spec: str) -> bool:
    """Whether ``spec`` names a stored query: not ``-`` (standard input), and no ``/``, ``\\``
    or ``.`` (a file path)."""
    return spec != "-" and not any(mark in spec for mark in "/\\.")


def _query_text(label: str, text: str) -> QueryText:
    if not re.sub(r"#[^\n]*", "", text).strip():  # nothing but comments and white space
        raise InputError(f"{label}: the query is empty")
    return QueryText(label, text, read_header(text, label)[2])


def _read_text(path: Path, label: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory, not a query file") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # a byte order mark is no text
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(f"{label}: line {line}: not UTF-8 text") from None


def _unknown_query_message(name: str, folder: Path) -> str:
    import difflib

    known = [path.stem for path in sorted(folder.glob("*.rq"))]
    if not known:
        return f"unknown query `{name}`: there are no stored queries in {folder}"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"; did you mean `{close[0]}`?" if close else "."
    return (
        f"unknown query `{name}`{hint} The stored queries are: {', '.join(known)} "
        "(`electionkg queries` lists them with their questions)"
    )
