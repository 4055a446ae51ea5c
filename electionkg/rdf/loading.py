"""Reading RDF files and the project's data folders into rdflib graphs.

Every failure (missing file, a folder, an empty or binary file, bad syntax, a file too large
to validate in memory) becomes an :class:`~electionkg.errors.InputError` whose message names
the file and, for syntax errors, the line, the column and what the parser expected.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from electionkg import paths
from electionkg.errors import InputError
from electionkg.rdf import namespaces

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest file read, in bytes. rdflib parses about 1.3 MB of Turtle a second and pySHACL
validates in memory, so a larger file would take minutes; it is refused with a clear message
instead (a 50 MB file would take about 40 s to parse and minutes to validate)."""

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}
"""rdflib parser names by file suffix; any other suffix is read as Turtle."""

_FORMAT_NAMES = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "json-ld": "JSON-LD",
    "xml": "RDF/XML",
}
_QUAD_FORMATS = {"nquads", "trig"}
_BOM = "\ufeff"
_BAD_IRI_WARNING = re.compile(r"^(?P<iri>.*) does not look like a valid URI")


def parse_rdf_file(
    path: str | os.PathLike[str],
    *,
    rdf_format: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    allow_empty: bool = False,
) -> Graph:
    """Parse one RDF file into a graph, or raise InputError saying what is wrong.

    The format is Turtle unless the suffix says otherwise (see ``FORMAT_BY_SUFFIX``) or
    ``rdf_format`` names an rdflib parser. Quads (N-Quads, TriG) are merged into one graph.
    A UTF-8 byte order mark and CRLF line ends are accepted. A file with no triples (empty,
    white space, or only prefixes and comments) is refused unless ``allow_empty``: valid RDF,
    but as input to electionkg almost certainly a mistake.
    """
    file = Path(path)
    shown = display_path(file)
    raw = _read_bytes(file, shown, max_bytes)
    if not raw.strip():
        what = "0 bytes" if not raw else "only white space"
        raise InputError(f"{shown}: the file is empty ({what})")
    if b"\0" in raw:
        raise InputError(f"{shown}: a binary file, not RDF text (it contains NUL bytes)")
    text = _decode_utf8(raw, shown)
    if text.startswith(_BOM):
        text = text[1:]  # rdflib drops a BOM from bytes, but not from text
    fmt = rdf_format or FORMAT_BY_SUFFIX.get(file.suffix.lower(), "turtle")
    graph = _parse_text(text, fmt, base=file.resolve().as_uri(), shown=shown, suffix=file.suffix)
    if not allow_empty and len(graph) == 0:
        raise InputError(f"{shown}: contains no triples")
    return graph


def load_turtle_folder(folder: Path) -> Graph:
    """Parse and merge every ``*.ttl`` file of one folder; an empty folder is an error."""
    graph = new_graph()
    for file in turtle_files_of(folder):
        graph += parse_rdf_file(file)
    return graph


def turtle_files_of(folder: Path) -> list[Path]:
    """The ``*.ttl`` files of a data folder; InputError if it is missing or holds none."""
    shown = display_path(folder).rstrip("/") + "/"
    if not folder.is_dir():
        raise InputError(f"{shown}: no such folder")
    files = paths.turtle_files(folder)
    if not files:
        raise InputError(f"{shown}: contains no Turtle (.ttl) files")
    return files


def load_ontology() -> Graph:
    """The OWL ontology and the SKOS concept schemes in ``ontology/``."""
    return load_turtle_folder(paths.ontology_dir())


def load_facts() -> Graph:
    """The hand-written facts and sourced claims in ``graph/``."""
    return load_turtle_folder(paths.graph_dir())


def load_shapes() -> Graph:
    """The SHACL shapes in ``shapes/``."""
    return load_turtle_folder(paths.shapes_dir())


def load_project_graph() -> Graph:
    """Ontology plus facts: the graph that is validated, queried and exported."""
    graph = load_ontology()
    graph += load_facts()
    return graph


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound (for readable serialisations)."""
    graph = Graph()
    for prefix, iri in namespaces.PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def display_path(path: Path) -> str:
    """A file name for messages: relative to the data root for project files, else as given."""
    try:
        return path.resolve().relative_to(paths.data_root().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _read_bytes(file: Path, shown: str, max_bytes: int) -> bytes:
    if not file.exists():
        raise InputError(f"{shown}: no such file")
    if file.is_dir():
        raise InputError(f"{shown}: is a directory, not an RDF file")
    try:
        if file.is_file() and file.stat().st_size > max_bytes:
            raise InputError(_too_large(shown, file.stat().st_size, max_bytes))
        with file.open("rb") as stream:  # one byte more than allowed notices an over-long pipe
            raw = stream.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{shown}: cannot read: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise InputError(_too_large(shown, None, max_bytes))
    return raw


def _too_large(shown: str, size: int | None, max_bytes: int) -> str:
    mb = 1024 * 1024
    what = f"{size / mb:.1f} MB, more than" if size is not None else "more than"
    return (
        f"{shown}: {what} the {max_bytes / mb:g} MB limit for one file "
        "(electionkg parses and validates in memory; a file this size would take minutes)"
    )


def _decode_utf8(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            f"{shown}: line {line}, column {column}: not UTF-8 text "
            f"(byte 0x{raw[error.start]:02x}); RDF files must be encoded in UTF-8"
        ) from None


def _parse_text(text: str, fmt: str, *, base: str, shown: str, suffix: str) -> Graph:
    name = _FORMAT_NAMES.get(fmt, fmt)
    graph = new_graph()
    try:
        with _rdflib_term_warnings() as warnings:
            if fmt in _QUAD_FORMATS:
                dataset = Dataset()
                dataset.parse(data=text, format=fmt, publicID=base)
                graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads())
            else:
                graph.parse(data=text, format=fmt, publicID=base)
    except BadSyntax as error:
        line, column, near = _turtle_position(error, text)
        hint = ""
        if fmt == "turtle" and suffix.lower() not in FORMAT_BY_SUFFIX:
            hint = (
                " (read as Turtle, the format assumed for names not ending in"
                " .nt, .nq, .trig, .jsonld, .rdf or .xml)"
            )
        why = getattr(error, "_why", None) or "bad syntax"
        raise InputError(
            f"{shown}: line {line}, column {column}: not valid {name}: {why}, {near}{hint}"
        ) from None
    except SAXParseException as error:
        raise InputError(
            f"{shown}: line {error.getLineNumber()}, column {(error.getColumnNumber() or 0) + 1}: "
            f"not valid {name}: {error.getMessage()}"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{shown}: line {error.lineno}, column {error.colno}: not valid {name}: {error.msg}"
        ) from None
    except IndexError:
        if fmt not in ("turtle", "trig"):
            raise InputError(f"{shown}: not valid {name}: the parser failed (IndexError)") from None
        # rdflib's Turtle parser runs off the end of a statement left open at the end of file
        raise InputError(
            f"{shown}: line {text.rstrip().count(chr(10)) + 1}: not valid {name}: the file ends "
            "in the middle of a statement (a missing '.' or closing bracket?)"
        ) from None
    except ParserError as error:
        where = _line_based_error_line(text, fmt) if fmt in ("nt", "nquads") else None
        place = f" line {where}:" if where else ""
        raise InputError(f"{shown}:{place} not valid {name}: {_first_line(error)}") from None
    except Exception as error:  # rdflib's parsers raise many types; all mean bad input here
        raise InputError(
            f"{shown}: not valid {name}: {type(error).__name__}: {_first_line(error)}"
        ) from None
    for message in warnings:
        match = _BAD_IRI_WARNING.match(message)
        if match:
            iri = match.group("iri")
            raise InputError(
                f"{shown}:{_line_of(text, iri, base)} not valid {name}: the IRI <{iri}> "
                'contains a character IRIs may not contain (space or one of <>"{}|^`\\)'
            )
    return graph


def _turtle_position(error: BadSyntax, text: str) -> tuple[int, int, str]:
    """Line, column (both from 1) and the text at a Turtle/TriG syntax error.

    ``BadSyntax`` keeps the whole document (``_str``, UTF-8) and the character offset of the
    error (``_i``, -1 at the end of the input); its own line count (``lines``) lags behind,
    so the line is counted in the document.
    """
    raw = getattr(error, "_str", None)
    offset = getattr(error, "_i", None)
    document = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else text
    if not isinstance(offset, int) or offset > len(document):
        line = int(getattr(error, "lines", 0)) + 1
        return line, 1, "near the start of that line"
    if offset < 0:  # the parser ran out of input: point just after the last statement text
        offset = len(document.rstrip())
    line = document.count("\n", 0, offset) + 1
    start_of_line = document.rfind("\n", 0, offset) + 1
    column = offset - start_of_line + 1
    rest = document[offset:].split("\n", 1)[0].rstrip("\r")
    if not rest.strip():
        near = (
            "at the end of the file" if not document[offset:].strip() else "at the end of the line"
        )
    else:
        near = f'near "{rest[:40]}{"..." if len(rest) > 40 else ""}"'
    return line, column, near


def _line_based_error_line(text: str, fmt: str) -> int | None:
    """The first line of an N-Triples/N-Quads document that does not parse on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line + "\n", format=fmt)
        except Exception:
            return number
    return None


def _line_of(text: str, iri: str, base: str) -> str:
    """`` line N:`` for the first line holding the IRI as written, or an empty string."""
    folder = base.rsplit("/", 1)[0] + "/"
    written = [iri] + [iri[len(start) :] for start in (base, folder) if iri.startswith(start)]
    for candidate in written:
        index = text.find("<" + candidate)
        if candidate and index >= 0:
            return f" line {text.count(chr(10), 0, index) + 1}:"
    return ""


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class _Collect(logging.Filter):
    """Swallows rdflib.term's warnings during a parse and keeps their messages."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.messages.append(record.getMessage())
        return False


@contextmanager
def _rdflib_term_warnings() -> Iterator[list[str]]:
    """Collect rdflib.term's warnings instead of printing them with a traceback.

    rdflib logs ill-typed literals ("abc"^^xsd:integer) with a full traceback; they are valid
    RDF and the SHACL shapes report them (sh:datatype), so they are dropped here. Invalid IRIs
    (with spaces and the like) are collected and turned into an error by the caller.
    """
    logger = logging.getLogger("rdflib.term")
    collector = _Collect()
    logger.addFilter(collector)
    try:
        yield collector.messages
    finally:
        logger.removeFilter(collector)
