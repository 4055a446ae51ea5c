"""Stored SPARQL queries, and running any query on the default store with bound parameters.

A stored query is the file ``queries/NAME.rq``; its first lines are comments that describe it::

    # title: Who congratulated the winner
    # question: Who congratulated the winner of each election, on behalf of whom, ...?
    # param: resource — the IRI of the resource whose claims to list

(a comment line indented by two or more spaces after ``#`` continues the line above).

Parameters (``--param name=value``) are parsed and checked into RDF terms, never pasted into
the query as text: the terms are written in N-Triples syntax into one ``VALUES`` block first in
the query's outermost group (:func:`bind_values`, the same on every store and endpoint). How a
value is read, first rule first:

* ``<iri>`` is an IRI; ``prefix:local`` is an IRI when the prefix is declared in the query or
  is one of ``namespaces.PREFIXES``;
* ``"text"``, ``"text"@en`` and ``"text"^^xsd:date`` (or ``^^<iri>``) are literals, as in Turtle;
* a bare integer, decimal or double is an ``xsd:integer``, ``xsd:decimal`` or ``xsd:double``,
  and ``true``/``false`` an ``xsd:boolean``, as in Turtle;
* a bare value starting with a scheme and ``://`` (``https://...``) or ``urn:`` is an IRI;
* anything else is a plain string (``--param name=Ilham Aliyev``).

The store is read-only: pyoxigraph's query parser rejects a SPARQL update, which is then named
as such in the error and never run. A query runs in a worker thread (pyoxigraph releases the GIL
while it evaluates) and the caller waits at most ``timeout`` seconds; pyoxigraph cannot cancel a
query, so on a timeout the worker is left to die with the process, which is what the command
line does next (it exits with 2).
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from electionkg import paths
from electionkg.errors import InputError
from electionkg.rdf import namespaces

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.build.store import DataFolders

    Term = pyoxigraph.NamedNode | pyoxigraph.Literal

DEFAULT_TIMEOUT_SECONDS = 30.0
RESULT_FORMATS = ("table", "csv", "tsv", "json")
"""``table`` for people; the others are the W3C SPARQL 1.1 Query Results formats."""

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_XSD = "http://www.w3.org/2001/XMLSchema#"
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


class QueryOutput(NamedTuple):
    """What a query produced, ready to write: ``form`` is select, ask or graph."""

    form: str
    body: bytes


class QueryTimeoutError(InputError):
    """The query did not finish within the time allowed."""


# --- stored queries ----------------------------------------------------------------------


def list_stored_queries(folder: Path | None = None) -> list[StoredQuery]:
    """Every ``*.rq`` file of the queries folder, by name."""
    folder = folder or paths.queries_dir()
    stored = []
    for path in sorted(folder.glob("*.rq")):
        title, question, params = read_header(_read_text(path, path.name), path.name)
        stored.append(StoredQuery(path.stem, title, question, params, path))
    return stored


def format_query_list(stored: Sequence[StoredQuery]) -> str:
    """For people: each query's name and title, then its question and parameters, indented."""
    if not stored:
        return f"no stored queries in {paths.queries_dir()}\n"
    lines = []
    for query in stored:
        lines.append(f"{query.name} — {query.title or '(no title)'}")
        lines.append(f"    {query.question or '(no question)'}")
        for param in query.params:
            lines.append(f"    --param {param.name}=...  {param.description}".rstrip())
    return "\n".join(lines) + "\n"


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
    if "/" in spec or "\\" in spec or "." in spec:
        path = Path(spec)
        if not path.exists() and (folder / f"{path.stem}.rq").is_file() and "/" not in spec:
            raise InputError(f"{spec}: no such file (the stored query is `{path.stem}`)")
        return _query_text(spec, _read_text(path, spec))
    path = folder / f"{spec}.rq"
    if not path.is_file():
        raise InputError(_unknown_query_message(spec, folder))
    return _query_text(spec, _read_text(path, spec))


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


# --- reading SPARQL text (enough to check a query before pyoxigraph sees it) --------------


class Token(NamedTuple):
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


def _significant_tokens(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind not in ("space", "comment")]


def query_variables(text: str) -> set[str]:
    """The names of the variables a query mentions (``?x`` and ``$x`` alike)."""
    return {token.text[1:] for token in tokenize(text) if token.kind == "var"}


def declared_prefixes(text: str) -> dict[str, str]:
    """``PREFIX name: <iri>`` declarations of a query, by name."""
    tokens = _significant_tokens(text)
    found = {}
    for index, token in enumerate(tokens[:-2]):
        name, iri = tokens[index + 1], tokens[index + 2]
        if token.text.upper() == "PREFIX" and name.kind == "pname" and iri.kind == "iri":
            found[name.text[:-1]] = iri.text[1:-1]
    return found


def update_keyword(text: str) -> str | None:
    """The keyword (``INSERT``, ``DROP``, ...) if the text is a SPARQL update, else None."""
    tokens = iter(_significant_tokens(text))
    for token in tokens:
        word = token.text.upper()
        if word == "PREFIX":
            next(tokens, None)
            next(tokens, None)
        elif word == "BASE":
            next(tokens, None)
        else:
            return word if token.kind == "word" and word in UPDATE_KEYWORDS else None
    return None


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset in the text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _offset_of(text: str, line: int, column: int) -> int:
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + column - 1, len(text))


# --- syntax errors -----------------------------------------------------------------------


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
    offset = _offset_of(text, int(found.group(1)), int(found.group(2))) if found else len(text)
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
        return _offset_of(text, error.lineno, error.col)
    except Exception:  # rdflib's parser has other ways to fail; its opinion is optional
        return None
    return None


# --- parameters --------------------------------------------------------------------------

# Patterns of the parameter path, compiled on first use (by re's cache), not at import.
_PARAM_NAME = r"[?$]?([A-Za-z_][A-Za-z0-9_]*)"
_QUOTED = r"""(?P<quote>["'])(?P<text>(?:\\.|(?!(?P=quote)).)*)(?P=quote)
        (?:@(?P<language>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<datatype>\S+))?"""
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_LEXICAL_FORMS = {
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)",
    "double": r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF|NaN)|-INF",
    "boolean": r"true|false|1|0",
    "date": r"-?\d{4,}-\d\d-\d\d(?:Z|[+-]\d\d:\d\d)?",
    "dateTime": r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?",
    "gYear": r"-?\d{4,}(?:Z|[+-]\d\d:\d\d)?",
}
"""Lexical forms checked for the datatypes a parameter is likely to carry."""


def parse_param(assignment: str, prefixes: Mapping[str, str] | None = None) -> tuple[str, Term]:
    """``name=value`` as a variable name and an RDF term (rules in the module docstring).

    ``prefixes`` are the query's own ``PREFIX`` declarations; the project's prefixes
    (``namespaces.PREFIXES``) are known as well.
    """
    name, equals, value = assignment.partition("=")
    name = name.strip()
    if not equals:
        raise InputError(f"--param {assignment}: expected NAME=VALUE")
    match = re.fullmatch(_PARAM_NAME, name)
    if not match:
        raise InputError(f"--param {assignment}: `{name}` is not a variable name")
    known = {**namespaces.PREFIXES, **(prefixes or {})}
    try:
        return match.group(1), parse_param_value(value.strip(), known)
    except ValueError as error:
        raise InputError(f"--param {assignment}: {error}") from None


def parse_param_value(value: str, prefixes: Mapping[str, str]) -> Term:
    """One parameter value as an RDF term; ValueError says why it is neither IRI nor literal."""
    import pyoxigraph

    if not value:
        raise ValueError('the value is empty (write "" for an empty string)')
    if value.startswith("<"):
        if not value.endswith(">"):
            raise ValueError("an IRI in <...> must end with >")
        return _iri(value[1:-1])
    if value[0] in "\"'":
        quoted = re.fullmatch(_QUOTED, value, re.VERBOSE | re.DOTALL)
        if not quoted:
            raise ValueError("a quoted literal must end with its quote, then @lang or ^^datatype")
        text = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), quoted["text"])
        if quoted["language"]:
            try:
                return pyoxigraph.Literal(text, language=quoted["language"])
            except ValueError as error:
                raise ValueError(f"`{quoted['language']}` is not a language tag: {error}") from None
        if quoted["datatype"]:
            datatype = parse_param_value(quoted["datatype"], prefixes)
            if not isinstance(datatype, pyoxigraph.NamedNode):
                raise ValueError(f"the datatype {quoted['datatype']} is not an IRI")
            _check_lexical_form(text, datatype.value)
            return pyoxigraph.Literal(text, datatype=datatype)
        return pyoxigraph.Literal(text)
    for numeric in ("integer", "decimal"):
        if re.fullmatch(_LEXICAL_FORMS[numeric], value):
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + numeric))
    if re.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+", value):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + "double"))
    if value in ("true", "false"):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + "boolean"))
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value) or value.startswith("urn:"):
        return _iri(value)
    if value.startswith("_:"):
        raise ValueError("a blank node cannot be a parameter (it names nothing outside its file)")
    prefixed = re.fullmatch(r"([A-Za-z][\w.-]*)?:(\S*)", value)
    if prefixed:
        prefix = prefixed.group(1) or ""
        if prefix not in prefixes:
            raise ValueError(
                f"unknown prefix `{prefix}:` (known: {', '.join(sorted(prefixes))}); "
                f'write <iri> for an IRI, or "{value}" for a string'
            )
        return _iri(prefixes[prefix] + prefixed.group(2))
    return pyoxigraph.Literal(value)


def _iri(value: str) -> pyoxigraph.NamedNode:
    import pyoxigraph

    try:
        return pyoxigraph.NamedNode(value)
    except ValueError as error:
        raise ValueError(f"<{value}> is not a valid IRI: {error}") from None


def _check_lexical_form(text: str, datatype: str) -> None:
    local = datatype[len(_XSD) :] if datatype.startswith(_XSD) else None
    pattern = _LEXICAL_FORMS.get(local or "")
    if pattern and not re.fullmatch(pattern, text):
        raise ValueError(f'"{text}" is not a valid xsd:{local}')


def bind_parameters(query: QueryText, assignments: Sequence[str]) -> dict[str, Term]:
    """Parse ``--param`` values and check them against the query.

    Every parameter the query declares must be given, and every one given must be a variable
    of the query; a parameter given twice is an error.
    """
    if not assignments and not query.params:
        return {}
    prefixes = declared_prefixes(query.text)
    bound: dict[str, Term] = {}
    for assignment in assignments:
        name, term = parse_param(assignment, prefixes)
        if name in bound:
            raise InputError(f"--param {name} is given twice")
        bound[name] = term
    missing = [param for param in query.params if param.name not in bound]
    if missing:
        needs = "; ".join(
            f"--param {p.name}=VALUE" + (f" ({p.description})" if p.description else "")
            for p in missing
        )
        raise InputError(f"{query.label} needs a value for each of its parameters: {needs}")
    variables = query_variables(query.text)
    for name in bound:
        if name not in variables:
            declared = ", ".join(p.name for p in query.params)
            takes = f"its parameters are: {declared}" if declared else "it declares no parameters"
            raise InputError(
                f"--param {name}: {query.label} has no variable ?{name} to bind ({takes})"
            )
    return bound


def values_block(params: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (term term) }`` for the bound parameters ('' if none)."""
    if not params:
        return ""
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(str(term) for term in params.values())  # N-Triples syntax, escaped
    return f" VALUES ({names}) {{ ({terms}) }} "


def bind_values(text: str, params: Mapping[str, Term]) -> str:
    """The query with a ``VALUES`` block of ``params`` first in its outermost group.

    The block is written on the line of the brace, so line numbers in messages stay right. It
    binds the variables before the rest of the pattern is evaluated, so the value drives the
    plan: with Oxigraph, ``claim-provenance`` on a million triples takes milliseconds this way
    and seconds with a substitution (which the optimiser does not use to order the patterns).
    """
    block = values_block(params)
    if not block:
        return text
    brace = _outer_group_offset(text)
    if brace is None:
        return text + block
    return text[: brace + 1] + block + text[brace + 1 :]


def _outer_group_offset(text: str) -> int | None:
    """Offset of the ``{`` opening the query pattern (after ``WHERE`` for CONSTRUCT)."""
    tokens = [token for token in tokenize(text) if token.kind not in ("space", "comment")]
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


def check_query(query: QueryText, params: Mapping[str, Term] | None = None) -> None:
    """Refuse an update, a syntax error, or a parameter pyoxigraph cannot bind, as InputError.

    Runs before the store is opened (on an empty store, where parsing is the only work), so that
    a broken query is reported at once, even when the data would first have to be built.
    """
    import pyoxigraph

    _evaluate(pyoxigraph.Store(), query, params, "table")


def run_query(
    query: QueryText,
    store: pyoxigraph.Store,
    params: Mapping[str, Term] | None = None,
    *,
    result_format: str = "table",
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    default_graph: list[pyoxigraph.NamedNode] | None = None,
) -> QueryOutput:
    """Evaluate a query on ``store`` (default graph: the union of its graphs, or the graphs
    ``default_graph`` names) and write the result.

    SELECT results are written in ``result_format``; ASK gives ``true``/``false`` (a SPARQL
    JSON boolean for json); CONSTRUCT and DESCRIBE give Turtle. ``timeout`` (seconds; None or
    0 for none) bounds evaluation and writing; past it, QueryTimeoutError.
    """
    if result_format not in RESULT_FORMATS:
        raise InputError(
            f"unknown result format {result_format!r}: use {', '.join(RESULT_FORMATS)}"
        )
    outcome: dict[str, Any] = {}

    def evaluate() -> None:
        try:
            outcome["output"] = _evaluate(store, query, params, result_format, default_graph)
        except BaseException as error:  # handed to the waiting thread, without its frames:
            # they hold pyoxigraph results, which must be dropped on the thread that made them
            error.__traceback__ = error.__context__ = error.__cause__ = None
            outcome["error"] = error

    worker = threading.Thread(target=evaluate, name="electionkg-query", daemon=True)
    worker.start()
    worker.join(timeout or None)
    if worker.is_alive():
        raise QueryTimeoutError(
            f"{query.label} did not finish within {timeout:g} s; it may be too costly "
            "(a pattern that joins everything with everything?), or allow more with --timeout"
        )
    if "error" in outcome:
        raise outcome["error"]
    output: QueryOutput = outcome["output"]
    return output


def answer_query(
    spec: str,
    assignments: Sequence[str] = (),
    *,
    result_format: str = "table",
    inference: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    folders: DataFolders | None = None,
    stdin: TextIO | None = None,
    on_build: Callable[[], object] | None = None,
    store_dir: Path | None = None,
    live: bool = False,
) -> QueryOutput:
    """Everything ``electionkg query`` does: resolve, bind, check, open the store, run.

    ``on_build`` is called before the store has to be built (see ``store.ensure_built``).
    With ``store_dir`` the query runs on that persistent store (``electionkg build --store``)
    instead of the cached default; there the answer computed when the store was built is
    served when there is one for this query text (not with ``live``, parameters or without
    inference: see :mod:`electionkg.build.stored_answers`).
    """
    from electionkg.build import store

    query = resolve_query(spec, stdin=stdin)
    params = bind_parameters(query, assignments)
    if store_dir is not None:
        store.require_persistent_store(store_dir)
        if inference and not params and not live:
            from electionkg.build.stored_answers import kept_output

            kept = kept_output(store_dir, query, result_format)
            if kept is not None:
                return kept
        persistent = store.open_persistent_store(store_dir)
        default_graph = None if inference else list(_asserted_graphs())
        return run_query(
            query,
            persistent,
            params,
            result_format=result_format,
            timeout=timeout,
            default_graph=default_graph,
        )
    target = store.build_folder(folders)
    if not store.is_built(target):
        check_query(query, params)  # a broken query is reported before a build of seconds
        if on_build:
            on_build()
        store.build(folders or store.DataFolders.default(), target)
    dataset = store.load_store(target, inference=inference)
    return run_query(query, dataset, params, result_format=result_format, timeout=timeout)


def _asserted_graphs() -> tuple[pyoxigraph.NamedNode, ...]:
    import pyoxigraph

    return (
        pyoxigraph.NamedNode(namespaces.ONTOLOGY_GRAPH),
        pyoxigraph.NamedNode(namespaces.FACTS_GRAPH),
    )


def _evaluate(
    store: pyoxigraph.Store,
    query: QueryText,
    params: Mapping[str, Term] | None,
    result_format: str,
    default_graph: list[pyoxigraph.NamedNode] | None = None,
) -> QueryOutput:

    text = bind_values(query.text, params or {})
    try:
        if default_graph is None:
            results = store.query(text, use_default_graph_as_union=True)
        else:
            results = store.query(text, default_graph=default_graph)  # type: ignore[arg-type]
    except SyntaxError as error:  # pyoxigraph parses queries only: an update is one too
        message = str(error)
        if text != query.text:  # the error at its place in the query as written
            message = _syntax_error_of(query.text) or message
        keyword = update_keyword(query.text)
        if keyword:
            raise InputError(
                f"{query.label} is a SPARQL update ({keyword}); the store is read-only: "
                "only SELECT, ASK, CONSTRUCT and DESCRIBE queries run"
            ) from None
        raise InputError(describe_syntax_error(query.text, message, query.label)) from None
    except RuntimeError as error:
        raise InputError(_runtime_error_message(query, str(error))) from None
    except OSError as error:
        raise InputError(f"{query.label}: the query failed: {error}") from None
    return format_results(results, query, result_format)


def format_results(results: Any, query: QueryText, result_format: str) -> QueryOutput:
    """Write pyoxigraph results (solutions, a boolean, or triples) in ``result_format``."""
    import pyoxigraph

    from electionkg.sparql.results import format_boolean, format_table, graph_to_turtle

    if isinstance(results, pyoxigraph.QueryBoolean):
        answer = bool(results)
        if result_format == "json":
            body = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b""
            return QueryOutput("ask", body + b"\n")
        return QueryOutput("ask", format_boolean(answer).encode())
    if isinstance(results, pyoxigraph.QuerySolutions):
        if result_format == "table":
            variables = [variable.value for variable in results.variables]
            rows = [tuple(solution) for solution in results]
            return QueryOutput("select", format_table(variables, rows).encode())
        body = results.serialize(format=_results_formats()[result_format]) or b""
        return QueryOutput("select", body if body.endswith(b"\n") else body + b"\n")
    if result_format != "table":
        raise InputError(
            f"{query.label} is a CONSTRUCT or DESCRIBE query: its result is a graph, written "
            f"as Turtle; --format {result_format} applies to SELECT and ASK queries"
        )
    return QueryOutput("graph", graph_to_turtle(results))


def _syntax_error_of(text: str) -> str | None:
    """pyoxigraph's syntax error message for ``text``, or None if it parses."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        return str(error)
    return None


def _runtime_error_message(query: QueryText, message: str) -> str:
    return f"{query.label}: the query failed: {message}"


def _results_formats() -> dict[str, Any]:
    import pyoxigraph

    return {
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
        "json": pyoxigraph.QueryResultsFormat.JSON,
    }
