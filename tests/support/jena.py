"""Run Apache Jena's command-line tools (Debian's ``libapache-jena-java``) as an independent engine.

Finding Java and the jars, and the fixes Debian's jars need to start, are in
:mod:`support.jena_classpath`; reports as values in :mod:`support.shacl_reports`.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from support.jena_classpath import JenaError as JenaError
from support.jena_classpath import java_executable, jena_classpath
from support.shacl_reports import ShaclResult, shacl_results

JVM_OPTIONS: tuple[str, ...] = (
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-Xshare:auto",
    "-Dfile.encoding=UTF-8",
)
"""Options that cut JVM start-up time, which dominates these short runs."""

DEFAULT_TIMEOUT = 300.0
"""Seconds one Jena command may run before it is killed."""
MAX_OUTPUT_IN_ERRORS = 2000
"""How many characters of a failed command's standard output an error message quotes."""

SPLIT_IRI = "urn:electionkg:jena-split"
"""Subject, predicate and object of the marker triple :func:`ntriples` puts between files."""

_STACK_FRAME = re.compile(r"^\s+(at |\.\.\. \d+ more)")
_RIOT_LINE = re.compile(r"^\[[^\]]*\] (?P<level>[A-Z]+) +(?P<logger>\S+) +- (?P<text>.*)$")


@dataclass(frozen=True)
class JenaShaclReport:
    """What Jena's SHACL engine said: the ``sh:conforms`` flag, the results and the raw report."""

    conforms: bool
    results: frozenset[ShaclResult]
    report_turtle: str

    @property
    def violations(self) -> frozenset[ShaclResult]:
        """The results of severity ``sh:Violation``."""
        return frozenset(r for r in self.results if r.severity == SH.Violation)

    @property
    def conforms_allowing_warnings(self) -> bool:
        """Whether only ``sh:Warning``/``sh:Info`` results occur (pySHACL's ``allow_warnings``)."""
        return all(r.severity in (SH.Warning, SH.Info) for r in self.results)


def run_jena(
    main_class: str, args: Sequence[str], timeout: float = DEFAULT_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run one Jena command-line class (e.g. ``riotcmd.riot``) and return its finished process."""
    classpath = jena_classpath()  # raises JenaUnavailableError if java or a jar is missing
    java = java_executable() or "java"
    command = [java, *JVM_OPTIONS, "-cp", classpath, main_class, *args]
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise JenaError(f"Jena {main_class} timed out after {timeout:g} s: {args}") from error
    except OSError as error:
        raise JenaError(f"could not start java for Jena {main_class}: {error}") from error
    if "ExceptionInInitializerError" in completed.stderr:
        raise JenaError(f"Jena {main_class} failed to initialise:\n{completed.stderr}")
    return completed


def checked(
    completed: subprocess.CompletedProcess[str], what: str, allow_warnings: bool = False
) -> str:
    """The standard output of a finished Jena command, or a :class:`JenaError` if it failed.

    With ``allow_warnings``, exit status 1 is accepted when the log holds no ERROR or FATAL line
    (riot exits with 1 after mere warnings, such as an ill-typed literal).
    """
    logged_error = re.search(r"^\[[^\]]*\] (ERROR|FATAL) ", completed.stderr, re.MULTILINE)
    warned_only = allow_warnings and completed.returncode == 1 and not logged_error
    if completed.returncode != 0 and not warned_only:
        stdout = completed.stdout.strip()
        if len(stdout) > MAX_OUTPUT_IN_ERRORS:
            stdout = stdout[:MAX_OUTPUT_IN_ERRORS] + " [...]"
        raise JenaError(
            f"Jena {what} exited with status {completed.returncode}:\n"
            f"{_without_stack_frames(completed.stderr)}\n{stdout}".strip()
        )
    return completed.stdout


def _without_stack_frames(log: str) -> str:
    """A Java log without its ``at ...`` stack-trace lines, which bury the message."""
    return "\n".join(line for line in log.splitlines() if not _STACK_FRAME.match(line)).strip()


def riot_validate(paths: Iterable[Path], timeout: float = DEFAULT_TIMEOUT) -> tuple[bool, str]:
    """Validate RDF files with ``riot --validate --strict`` in one JVM; not ok on any warning."""
    files = [str(path) for path in paths]
    if not files:
        raise ValueError("riot_validate needs at least one file")
    completed = run_jena("riotcmd.riot", ["--validate", "--strict", *files], timeout)
    output = (completed.stderr + completed.stdout).strip()
    return completed.returncode == 0, output


def riot_problems_by_file(output: str, paths: Sequence[Path]) -> dict[Path, list[str]]:
    """Split the log of :func:`riot_validate` into each file's warnings and errors."""
    problems: dict[Path, list[str]] = {path: [] for path in paths}
    by_name = {str(path): path for path in paths}
    current: Path | None = paths[0] if len(paths) == 1 else None
    for line in output.splitlines():
        match = _RIOT_LINE.match(line)
        if match is None:
            continue
        text = match["text"]
        if match["level"] == "INFO" and text.startswith("File: "):
            current = by_name.get(text[len("File: ") :])
        elif match["level"] in ("WARN", "ERROR", "FATAL") and current is not None:
            problems[current].append(f"{match['level']} {text}")
    return problems


def _write_marker(folder: Path) -> Path:
    """Write the N-Triples file holding only the marker triple that separates files."""
    marker = folder / "split.nt"
    marker.write_text(f"<{SPLIT_IRI}> <{SPLIT_IRI}> <{SPLIT_IRI}> .\n", encoding="utf-8")
    return marker


def ntriples(paths: Sequence[Path], timeout: float = DEFAULT_TIMEOUT) -> dict[Path, str]:
    """Parse each RDF file with Jena, all in one JVM, and return each one's N-Triples text.

    Jena labels blank nodes with random 128-bit identifiers, so the texts of different files can
    be concatenated into one merged graph without their blank nodes colliding.
    """
    if not paths:
        return {}
    with tempfile.TemporaryDirectory(prefix="electionkg-jena-") as folder:
        marker = _write_marker(Path(folder))
        args = ["--output=nt"]
        for path in paths:
            args += [str(path), str(marker)]
        completed = run_jena("riotcmd.riot", args, timeout)
        stdout = checked(completed, "riot --output=nt", allow_warnings=True)
    marker_line = f"<{SPLIT_IRI}> <{SPLIT_IRI}> <{SPLIT_IRI}> ."
    chunks = stdout.split(marker_line + "\n")
    if len(chunks) != len(paths) + 1 or chunks[-1].strip():
        raise JenaError(f"could not split riot's N-Triples output into {len(paths)} files")
    return dict(zip(paths, chunks[:-1], strict=True))


def _as_list(paths: Path | Sequence[Path]) -> list[Path]:
    """One path or several, as a list."""
    return [paths] if isinstance(paths, Path) else list(paths)


def _merged_file(paths: list[Path], texts: dict[Path, str], folder: Path, name: str) -> Path:
    """The file to hand Jena: the only path, or the N-Triples of several paths concatenated."""
    if len(paths) == 1:
        return paths[0]
    merged = folder / f"{name}.nt"
    merged.write_text("".join(texts[path] for path in paths), encoding="utf-8")
    return merged


BATCH_SOURCE = Path(__file__).resolve().parent / "JenaShaclBatch.java"
"""A small Java program validating many data graphs in one JVM, as ``shacl validate`` does one."""

_BATCH_MARK = "#@@ "


def batch_sections(stdout: str, inputs: Sequence[object], what: str) -> list[str]:
    """The output of a batch program, one section per input (each follows a ``#@@ <index>``
    line); a :class:`JenaError` naming the input if the program wrote ``#@@ error ...``."""
    sections = stdout.split(f"\n{_BATCH_MARK}")
    sections[0] = sections[0].removeprefix(_BATCH_MARK)
    if len(sections) != len(inputs):
        raise JenaError(f"the {what} batch wrote {len(sections)} sections for {len(inputs)}")
    bodies = []
    for item, section in zip(inputs, sections, strict=True):
        _, _, body = section.partition("\n")
        if body.startswith(f"{_BATCH_MARK}error "):
            raise JenaError(f"Jena {what} failed on {item!r}: {body.strip()}")
        bodies.append(body)
    return bodies


def _run_shacl_batch(
    data_files: Sequence[Path], shapes_file: Path, timeout: float
) -> list[JenaShaclReport]:
    """Validate every data file against the shapes file in one JVM (Java's source-file mode)."""
    args = [str(shapes_file), *map(str, data_files)]
    stdout = checked(run_jena(str(BATCH_SOURCE), args, timeout), "shacl validate (batch)")
    return [parse_shacl_report(body) for body in batch_sections(stdout, data_files, "SHACL")]


def shacl_validate_many(
    data_sets: Sequence[Path | Sequence[Path]],
    shapes: Path | Sequence[Path],
    timeout: float = DEFAULT_TIMEOUT,
) -> list[JenaShaclReport]:
    """Validate several data graphs (each one or more files) against one shapes graph with Jena.

    Two JVMs in all: one parses every file that must be merged with others (``riot``), one
    validates every data graph (:data:`BATCH_SOURCE`, which does what ``shacl validate`` does
    for one data file and one shapes file).
    """
    data_lists = [_as_list(data) for data in data_sets]
    shapes_list = _as_list(shapes)
    to_merge = [shapes_list, *data_lists]
    needed = list(dict.fromkeys(p for paths in to_merge if len(paths) > 1 for p in paths))
    texts = ntriples(needed, timeout)
    with tempfile.TemporaryDirectory(prefix="electionkg-shacl-") as tmp:
        folder = Path(tmp)
        shapes_file = _merged_file(shapes_list, texts, folder, "shapes")
        data_files = [
            _merged_file(paths, texts, folder, f"data-{index}")
            for index, paths in enumerate(data_lists)
        ]
        return _run_shacl_batch(data_files, shapes_file, timeout)


def shacl_validate(
    data: Path | Sequence[Path], shapes: Path | Sequence[Path], timeout: float = DEFAULT_TIMEOUT
) -> JenaShaclReport:
    """Validate a data graph (one or more files) against a shapes graph with Jena's SHACL engine."""
    return shacl_validate_many([data], shapes, timeout)[0]


def parse_shacl_report(turtle: str) -> JenaShaclReport:
    """Read the Turtle validation report printed by ``shacl validate``."""
    graph = Graph()
    try:
        graph.parse(data=turtle, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad input
        raise JenaError(f"could not parse Jena's SHACL report: {error}\n{turtle}") from error
    reports = list(graph.subjects(RDF.type, SH.ValidationReport))
    if len(reports) != 1:
        raise JenaError(f"expected one sh:ValidationReport, found {len(reports)}:\n{turtle}")
    conforms = graph.value(reports[0], SH.conforms)
    if not isinstance(conforms, Literal) or not isinstance(conforms.toPython(), bool):
        raise JenaError(f"the report has no boolean sh:conforms:\n{turtle}")
    return JenaShaclReport(bool(conforms.toPython()), shacl_results(graph), turtle)


def json_term(binding: dict[str, str]) -> Node:
    """One RDF term of SPARQL JSON results as an rdflib term, keeping literals' lexical forms."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        datatype = binding.get("datatype")
        return Literal(
            value,
            lang=binding.get("xml:lang"),
            datatype=URIRef(datatype) if datatype else None,
            normalize=False,
        )
    raise JenaError(f"unsupported term in SPARQL JSON results: {binding}")


def _sparql_json(query_text: str, data: Path | Sequence[Path], timeout: float) -> dict[str, Any]:
    """Run a query with ``arq.sparql`` over the data files and return its parsed JSON results."""
    data_args = [f"--data={path}" for path in _as_list(data)]
    with tempfile.TemporaryDirectory(prefix="electionkg-sparql-") as folder:
        query_file = Path(folder) / "query.rq"
        query_file.write_text(query_text, encoding="utf-8")
        args = [*data_args, f"--query={query_file}", "--results=json"]
        stdout = checked(run_jena("arq.sparql", args, timeout), "sparql")
    try:
        results: dict[str, Any] = json.loads(stdout)
        return results
    except json.JSONDecodeError as error:
        raise JenaError(f"Jena sparql printed no JSON results: {error}\n{stdout}") from error


def sparql_select(
    query_text: str, data: Path | Sequence[Path], timeout: float = DEFAULT_TIMEOUT
) -> list[dict[str, Node]]:
    """Run a SELECT query with Jena ARQ over the data files; one dict per solution, unbound omitted.

    Literals keep Jena's lexical form (rdflib's normalisation is off), blank nodes keep Jena's
    result-set labels, and solutions come in Jena's order.
    """
    results = _sparql_json(query_text, data, timeout)
    if "results" not in results:
        raise JenaError(f"not the results of a SELECT query: {results}")
    return [
        {name: json_term(term) for name, term in row.items()}
        for row in results["results"]["bindings"]
    ]


def sparql_ask(
    query_text: str, data: Path | Sequence[Path], timeout: float = DEFAULT_TIMEOUT
) -> bool:
    """Run an ASK query with Jena ARQ over the data files."""
    results = _sparql_json(query_text, data, timeout)
    if not isinstance(results.get("boolean"), bool):
        raise JenaError(f"not the result of an ASK query: {results}")
    return bool(results["boolean"])
