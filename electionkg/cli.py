"""The ``electionkg`` command: a thin layer that parses arguments and calls the library.

Exit codes: 0 ok; 1 the data fails a check (SHACL violations, a failed check); 2 bad input
or usage; 130 interrupted; 141 stdout closed early (broken pipe); 70 an internal error (a bug).
Errors are one line, ``electionkg: error: <message>``, on stderr; never a traceback.

Nothing heavy is imported at module level (no rdflib, pySHACL, owlrl): each handler imports
what it needs, so that light subcommands start fast.

To add a subcommand, write one ``_add_<name>_command(subparsers)`` function that adds its
parser and sets ``handler=_<name>``, write the handler ``_<name>(args) -> int`` that calls
one library function, and add the ``_add_<name>_command`` call to ``_build_parser``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from electionkg.errors import InputError, InvalidDataError

PROG = "electionkg"
DEBUG_ENV = "ELECTIONKG_DEBUG"
"""Set to 1 to get the Python traceback of an unexpected error instead of one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    code = _main(argv)
    if argv is None:  # the console script: skip the interpreter's teardown (~5 ms)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass
        os._exit(code)
    return code


def _main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version (0) and usage errors (2) exit in argparse
        return 0 if exit_.code is None else exit_.code if isinstance(exit_.code, int) else 2
    try:
        code: int = args.handler(args)
        sys.stdout.flush()
        return code
    except InputError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except InvalidDataError as error:  # the data fails its checks: nothing is served
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `electionkg validate | head`): stop quietly, and keep
        # Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            f"(set {DEBUG_ENV}=1 to see the traceback)",
            file=sys.stderr,
        )
        return 70


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="An open knowledge graph of elections: every fact traceable to its source.",
        epilog="Exit codes: 0 ok, 1 the data fails a check, 2 bad input or usage.",
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _add_validate_command(subparsers)
    _add_check_command(subparsers)
    _add_build_command(subparsers)
    _add_queries_command(subparsers)
    _add_query_command(subparsers)
    _add_export_command(subparsers)
    _add_load_command(subparsers)
    _add_serve_command(subparsers)
    _add_quote_command(subparsers)
    return parser


def _add_quote_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "quote",
        help="the Web Annotation selectors and evidence Turtle for words of a seed",
        description=(
            "Find WORDS in a seed (white space matches any white space) and print each "
            "occurrence's oa:TextQuoteSelector (exact, prefix, suffix), oa:TextPositionSelector "
            "and evidence Turtle. Exit 0 found once, 1 not found or found more than once (the "
            "prefix and suffix tell the occurrences apart), 2 bad input."
        ),
    )
    command.add_argument("source", metavar="SOURCE", help="seed file name, its number (003) or IRI")
    command.add_argument("words", metavar="WORDS", help="the words to quote")
    command.set_defaults(handler=_quote)


def _quote(args: argparse.Namespace) -> int:
    from electionkg.provenance.quote_tool import print_quote

    return print_quote(args.source, args.words)


def _add_validate_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "validate",
        help="SHACL report for the project graph or the given files",
        description=(
            "Validate against the project's SHACL shapes. Without FILE: the project graph "
            "(ontology/ + graph/). With FILEs: the files, merged with the ontology, form the "
            "data graph. Exit 0 conforms, 1 violations, 2 bad input."
        ),
    )
    command.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="RDF file: Turtle unless named .nt, .nq, .trig, .jsonld, .rdf or .xml",
    )
    command.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    _quiet_library_logging()
    from electionkg.rdf.loading import load_ontology, load_project_graph, parse_rdf_file
    from electionkg.shacl.validation import validate

    if args.files:
        data = load_ontology()
        for file in args.files:
            data += parse_rdf_file(file)
    else:
        data = load_project_graph()
    report = validate(data)
    print(report.format_text())
    return 0 if report.conforms else 1


def _add_check_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "check",
        help="syntax, shapes, verbatim quotes, seed hashes, queries parse",
        description=(
            "Run every check on the project data, one line each. "
            "Exit 0 all ok, 1 a check fails, 2 bad input."
        ),
    )
    command.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    _quiet_library_logging()
    from electionkg.build.checks import run_checks

    results = run_checks()
    for result in results:
        print(result.format_line())
    return 0 if all(result.ok for result in results) else 1


def _add_build_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "build",
        help="parse, validate and reason: the default cache, or a persistent store",
        description=(
            "Parse the ontology and the facts, validate them against the shapes and materialise "
            "the OWL RL inferences. Without --store this fills the cache that `query`, `export` "
            "and `serve` use (they build it themselves when needed). With --store DIR it writes "
            "a persistent Oxigraph store (named graphs as in the export) that `query --store DIR` "
            "and `oxigraph serve --location DIR` answer from without parsing anything: the way "
            "to work with big graphs. Exit 0 built, 1 the data fails its checks, 2 bad input."
        ),
    )
    command.add_argument(
        "--store", type=Path, metavar="DIR", help="write a persistent store into this folder"
    )
    command.set_defaults(handler=_build)


def _build(args: argparse.Namespace) -> int:
    import json

    from electionkg.build import store

    _quiet_library_logging()
    folders = store.DataFolders.default()
    manifest: dict[str, Any]
    if args.store is not None:
        manifest = store.build_persistent_store(folders, args.store)
        where = str(args.store)
    else:
        target = store.ensure_built(folders)
        manifest = json.loads((target / store.BUILD_FILE).read_text())
        where = str(target)
    triples = manifest.get("triples", {})
    seconds = manifest.get("seconds", {})
    print(f"built {where}")
    print("  triples: " + ", ".join(f"{graph} {count:,}" for graph, count in triples.items()))
    print("  seconds: " + ", ".join(f"{stage} {s:.2f}" for stage, s in seconds.items()))
    print("  engines: " + ", ".join(f"{k} {v}" for k, v in manifest.get("engines", {}).items()))
    return 0


def _add_queries_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "queries",
        help="list the stored queries with their questions",
        description="List the stored queries (queries/NAME.rq): name, title, question, parameters.",
    )
    command.set_defaults(handler=_queries)


def _queries(args: argparse.Namespace) -> int:
    from electionkg.sparql.queries import format_query_list, list_stored_queries

    print(format_query_list(list_stored_queries()), end="")
    return 0


def _add_query_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from electionkg.sparql.queries import DEFAULT_TIMEOUT_SECONDS, RESULT_FORMATS

    command = subparsers.add_parser(
        "query",
        help="run a stored query, a SPARQL file or standard input on the knowledge graph",
        description=(
            "Run a SPARQL query on the embedded store: the ontology, the facts and the OWL RL "
            "inferences, as one default graph (no server). SELECT results are a table or the "
            "W3C SPARQL 1.1 CSV, TSV or JSON results; ASK prints true or false; CONSTRUCT and "
            "DESCRIBE print Turtle. The store is read-only. Exit 0 ok, 1 the data fails its "
            "checks (it is not served), 2 bad input (unknown query, syntax error, bad --param, "
            "time-out)."
        ),
    )
    command.add_argument(
        "query", metavar="NAME|FILE.rq|-", help="a stored query name, a SPARQL file, or - for stdin"
    )
    command.add_argument(
        "--format", choices=RESULT_FORMATS, default="table", help="result format (default: table)"
    )
    command.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=(
            'bind ?NAME to an RDF term: <iri>, prefix:name, "text"@lang, "text"^^xsd:type, a '
            "number, true/false, https://...; any other value is a plain string (repeatable)"
        ),
    )
    command.add_argument(
        "--no-inference",
        action="store_true",
        help="query the asserted triples only, without the OWL RL inferences",
    )
    command.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"give up after this long (default: {DEFAULT_TIMEOUT_SECONDS:g}; 0: no limit)",
    )
    command.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="answer from a persistent store written by `electionkg build --store DIR` "
        "(nothing is parsed at start-up: for big graphs)",
    )
    command.add_argument(
        "--live",
        action="store_true",
        help="with --store: evaluate the query even when the store kept its answer at build time",
    )
    remote = command.add_argument_group(
        "remote endpoint",
        "Run the query on a SPARQL endpoint (SPARQL 1.1 Protocol: GET, or a form POST for long "
        "queries) instead of the embedded store; --param values go into a VALUES block. The "
        "default graph is the server's: GraphDB and Virtuoso query the union of all graphs; "
        "Fuseki only with tdb2:unionDefaultGraph true (deploy/fuseki-config.ttl); Oxigraph only "
        "when started with `oxigraph serve --union-default-graph`. Otherwise name the graphs "
        "with --default-graph-uri (once per graph).",
    )
    remote.add_argument(
        "--endpoint",
        metavar="URL",
        help=(
            "the SPARQL query endpoint, e.g. http://localhost:3030/electionkg/sparql (Fuseki), "
            "http://localhost:7200/repositories/electionkg (GraphDB), "
            "http://localhost:7878/query (Oxigraph), http://localhost:8890/sparql (Virtuoso)"
        ),
    )
    remote.add_argument(
        "--default-graph-uri",
        action="append",
        default=[],
        metavar="IRI",
        help="a graph of the query's default graph (repeatable; SPARQL 1.1 Protocol)",
    )
    _add_credentials_arguments(remote)
    command.set_defaults(handler=_query)


def _add_credentials_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--user", metavar="USER", help="the user to authenticate as")
    group.add_argument(
        "--password-env",
        metavar="VAR",
        help="the environment variable holding the password (never the password itself)",
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more: {value!r}")
    return seconds


def _query(args: argparse.Namespace) -> int:
    from electionkg.sparql.queries import answer_query

    if args.live and args.store is None:
        raise InputError(
            "--live applies to answers kept in a persistent store: it needs --store DIR"
        )
    if args.endpoint is not None:
        if args.store is not None:
            raise InputError("--store and --endpoint exclude each other: choose one")
        return _remote_query(args)
    if args.default_graph_uri or args.user or args.password_env:
        raise InputError("--default-graph-uri, --user and --password-env need --endpoint URL")
    output = answer_query(
        args.query,
        args.param,
        result_format=args.format,
        inference=not args.no_inference,
        timeout=args.timeout,
        on_build=_quiet_library_logging,
        store_dir=args.store,
        live=args.live,
    )
    _write_stdout(output.body)
    return 0


def _remote_query(args: argparse.Namespace) -> int:
    from electionkg.remote.endpoint import answer_remote_query
    from electionkg.remote.http_client import credentials_from_env

    output = answer_remote_query(
        args.query,
        args.param,
        endpoint=args.endpoint,
        result_format=args.format,
        default_graphs=args.default_graph_uri,
        inference=not args.no_inference,
        timeout=args.timeout,
        credentials=credentials_from_env(args.user, args.password_env),
    )
    _write_stdout(output.body)
    return 0


def _add_export_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from electionkg.publish.export import EXPORT_FORMATS

    command = subparsers.add_parser(
        "export",
        help="write the graph (asserted, optionally with inferences) as RDF",
        description=(
            "Write the whole dataset (ontology and facts), with --inferred also the OWL RL "
            "inferences, sorted and with canonical blank node labels. N-Quads and TriG keep "
            "the three named graphs apart; JSON-LD uses the published context. Exit 0 ok, "
            "1 the data fails its checks, 2 bad input."
        ),
    )
    command.add_argument(
        "--format", choices=EXPORT_FORMATS, default="turtle", help="RDF format (default: turtle)"
    )
    command.add_argument("--inferred", action="store_true", help="include the inferred triples")
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="publish under URL: rewrite https://w3id.org/electionkg/id/ to URL/id/",
    )
    command.add_argument(
        "--describe",
        action="store_true",
        help="write the VoID/DCAT description of the dataset (counts computed now) instead",
    )
    command.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout"
    )
    command.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from electionkg.publish.export import export

    content = export(
        args.format,
        inferred=args.inferred,
        base_url=args.base_url,
        describe=args.describe,
        output=args.output,
        on_build=_quiet_library_logging,
    )
    if content is not None:
        _write_stdout(content)
    return 0


def _add_load_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from electionkg.remote.triplestores import DEFAULT_TIMEOUT_SECONDS, STORES

    command = subparsers.add_parser(
        "load",
        help="push the graphs into a triplestore (Fuseki, GraphDB, Oxigraph, Virtuoso, any GSP)",
        description=(
            "Replace three named graphs on a triplestore with the ontology, the facts and the "
            "OWL RL inferences, one SPARQL 1.1 Graph Store Protocol PUT each (running it twice "
            "leaves the same triples). Endpoints: fuseki {URL}/{dataset}/data?graph=, graphdb "
            "{URL}/repositories/{id}/rdf-graphs/service?graph=, oxigraph {URL}/store?graph=, "
            "virtuoso {URL}/sparql-graph-crud-auth?graph-uri= (digest), gsp: the URL as given. "
            "With --write-files DIR, write the graphs as N-Triples files for a bulk loader "
            "instead (see the README). Exit 0 ok, 1 the data fails its checks, 2 bad input or "
            "the server failed (the message says which graphs were replaced before)."
        ),
    )
    where = command.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="the server's root URL, or its dataset, repository or Graph Store URL",
    )
    where.add_argument(
        "--write-files",
        type=Path,
        metavar="DIR",
        help=(
            "write ontology.nt, facts.nt, inferred.nt (each with NAME.nt.graph naming its "
            "graph) and electionkg.nq (all graphs) to DIR instead"
        ),
    )
    command.add_argument(
        "--store", choices=STORES, help="the product (default: guessed from the URL, else gsp)"
    )
    command.add_argument("--dataset", metavar="NAME", help="the Fuseki dataset")
    command.add_argument("--repository", metavar="ID", help="the GraphDB repository")
    command.add_argument("--no-inferred", action="store_true", help="load the asserted graphs only")
    command.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"give up on a request after this long (default: {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    credentials = command.add_argument_group("authentication")
    _add_credentials_arguments(credentials)
    command.set_defaults(handler=_load)


def _load(args: argparse.Namespace) -> int:
    from electionkg.remote import graph_store
    from electionkg.remote.http_client import credentials_from_env

    if args.write_files is not None:
        payloads = graph_store.graph_payloads(not args.no_inferred, on_build=_quiet_library_logging)
        for file in graph_store.write_graph_files(args.write_files, payloads):
            print(file)
        return 0
    loaded = graph_store.load_into_triplestore(
        args.endpoint,
        args.store,
        dataset=args.dataset,
        repository=args.repository,
        credentials=credentials_from_env(args.user, args.password_env),
        inferred=not args.no_inferred,
        timeout=args.timeout,
        on_build=_quiet_library_logging,
    )
    total = sum(graph.triples for graph in loaded)
    seconds = sum(graph.seconds for graph in loaded)
    print(f"loaded {total} triples into {len(loaded)} graphs in {seconds:.2f} s", file=sys.stderr)
    return 0


def _add_serve_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser(
        "serve",
        help="serve the graph as linked data, HTML pages and a SPARQL endpoint",
        description=(
            "Serve every IRI of the dataset with content negotiation (Turtle, N-Triples, "
            "JSON-LD, RDF/XML, HTML), the ontology, the dataset description, dumps and a "
            "read-only SPARQL 1.1 endpoint at /sparql. Runs until interrupted. Exit 1 the data "
            "fails its checks, 2 bad input."
        ),
    )
    command.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    command.add_argument("--port", type=int, default=8080, help="port to bind (default: 8080)")
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the data is published at (default: http://HOST:PORT/)",
    )
    command.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from electionkg.rdf.serialise import check_base_url
    from electionkg.web.server import serve

    if args.base_url:
        check_base_url(args.base_url)
    if not 0 < args.port < 65536:
        raise InputError(f"--port must be between 1 and 65535: {args.port}")
    serve(args.host, args.port, args.base_url)
    return 0


def _write_stdout(content: bytes) -> None:
    """Bytes as they are (CSV results end lines with CRLF, as the W3C format says)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()


class _VersionAction(argparse.Action):
    """--version, reading the version only when asked for."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **_: object
    ) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from electionkg import __version__

        print(f"{PROG} {__version__}")
        parser.exit()


def _quiet_library_logging() -> None:
    """Replace Python's last-resort log output (which prints tracebacks) for this run."""
    import logging

    class _WarningLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print(f"{PROG}: warning: {record.getMessage()}", file=sys.stderr)

    root = logging.getLogger()
    if not any(type(handler).__name__ == "_WarningLine" for handler in root.handlers):
        root.addHandler(_WarningLine(logging.WARNING))
