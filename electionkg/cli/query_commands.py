"""The subcommands that answer questions: queries (the catalogue) and query (one query)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from electionkg.cli.common import (
    add_credentials_arguments,
    credentials_from_env,
    seconds,
    write_stdout,
)
from electionkg.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from electionkg.cli.common import Subparsers
    from electionkg.sparql.catalogue import StoredQuery


def add_queries_command(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "queries",
        help="list the stored queries with their questions",
        description="List the stored queries (queries/NAME.rq): name, title, question, parameters.",
    )
    command.set_defaults(handler=_queries)


def _queries(args: argparse.Namespace) -> int:
    from electionkg.sparql.catalogue import list_stored_queries

    print(format_query_list(list_stored_queries()), end="")
    return 0


def format_query_list(stored: Sequence[StoredQuery]) -> str:
    """For people: each query's name and title, then its question and parameters (as the
    ``--param`` flags that bind them), indented."""
    from electionkg import paths

    if not stored:
        return f"no stored queries in {paths.queries_dir()}\n"
    lines = []
    for query in stored:
        lines.append(f"{query.name} — {query.title or '(no title)'}")
        lines.append(f"    {query.question or '(no question)'}")
        for param in query.params:
            lines.append(f"    --param {param.name}=...  {param.description}".rstrip())
    return "\n".join(lines) + "\n"


def add_query_command(subparsers: Subparsers) -> None:
    from electionkg.sparql.run import DEFAULT_TIMEOUT_SECONDS, RESULT_FORMATS

    command = subparsers.add_parser(
        "query",
        help="run a stored query, a SPARQL file or standard input on the knowledge graph",
        description=(
            "Run a SPARQL query on the embedded store: the ontology, the facts and the OWL RL "
            "inferences, as one default graph (no server). SELECT results are a table or the "
            "W3C SPARQL 1.1 CSV, TSV or JSON results; ASK prints true or false; CONSTRUCT and "
            "DESCRIBE print Turtle. The store is read-only. Exit 0 ok, 1 the data fails its "
            "checks (it is not served), 2 bad input (unknown query, syntax error, bad --param, "
            "time-out), 3 the --endpoint server failed."
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
        type=seconds,
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
        help="with --store: evaluate the query even when the store kept its answer",
    )
    remote = command.add_argument_group(
        "remote endpoint",
        "Run the query on a SPARQL endpoint (SPARQL 1.1 Protocol: GET, or a form POST for long "
        "queries) instead of the embedded store; --param values go into a VALUES block. The "
        "query's default graph is the dataset's three graphs (ontology, facts, inferred: what "
        "`load` writes), sent as default-graph-uri, so any server answers as the embedded store "
        "whatever its default graph. An empty answer exits 0; if the graphs are missing on the "
        "server, a warning on stderr says so.",
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
    remote.add_argument(
        "--server-default-graph",
        action="store_true",
        help="query the server's own default graph instead of the dataset's three graphs",
    )
    add_credentials_arguments(remote)
    command.set_defaults(handler=_query)


def _query(args: argparse.Namespace) -> int:
    from electionkg.answer import answer_query

    if args.live and args.store is None:
        raise InputError(
            "--live applies to answers kept in a persistent store: it needs --store DIR"
        )
    if args.endpoint is not None:
        if args.store is not None:
            raise InputError("--store and --endpoint exclude each other: choose one")
        return _remote_query(args)
    if args.default_graph_uri or args.server_default_graph or args.user or args.password_env:
        raise InputError(
            "--default-graph-uri, --server-default-graph, --user and --password-env need "
            "--endpoint URL"
        )
    output = answer_query(
        args.query,
        args.param,
        result_format=args.format,
        inference=not args.no_inference,
        timeout=args.timeout,
        store_dir=args.store,
        live=args.live,
    )
    write_stdout(output.body)
    return 0


def _remote_query(args: argparse.Namespace) -> int:
    from electionkg.remote.endpoint import answer_remote_query

    output = answer_remote_query(
        args.query,
        args.param,
        endpoint=args.endpoint,
        result_format=args.format,
        default_graphs=args.default_graph_uri,
        server_default_graph=args.server_default_graph,
        inference=not args.no_inference,
        timeout=args.timeout,
        credentials=credentials_from_env(args.user, args.password_env),
    )
    write_stdout(output.body)
    return 0
