"""The subcommands that talk to servers: load (into a triplestore) and serve (our own)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from electionkg.cli.common import (
    add_credentials_arguments,
    credentials_from_env,
    seconds,
)
from electionkg.errors import InputError

if TYPE_CHECKING:
    from electionkg.cli.common import Subparsers


def add_load_command(subparsers: Subparsers) -> None:
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
            "instead (see the README). Exit 0 ok, 1 the data fails its checks, 2 bad input, "
            "3 the server failed (the message says which graphs were replaced before)."
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
        "--store",
        choices=STORES,
        help="the product (default: asked of the server: its Server header, then its documented "
        "endpoints; else the URL's path; else gsp)",
    )
    command.add_argument("--dataset", metavar="NAME", help="the Fuseki dataset")
    command.add_argument("--repository", metavar="ID", help="the GraphDB repository")
    command.add_argument("--no-inferred", action="store_true", help="load the asserted graphs only")
    command.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"give up on a request after this long (default: {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    credentials = command.add_argument_group("authentication")
    add_credentials_arguments(credentials)
    command.set_defaults(handler=_load, progress=True)  # its progress lines are its output


def _load(args: argparse.Namespace) -> int:
    from electionkg.remote import graph_store

    if args.write_files is not None:
        payloads = graph_store.graph_payloads(not args.no_inferred)
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
    )
    total = sum(graph.triples for graph in loaded)
    seconds = sum(graph.seconds for graph in loaded)
    print(f"loaded {total} triples into {len(loaded)} graphs in {seconds:.2f} s", file=sys.stderr)
    return 0


def add_serve_command(subparsers: Subparsers) -> None:
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
    command.add_argument(
        "--allow-service",
        metavar="IRI",
        action="append",
        default=[],
        help="an endpoint SERVICE may call (repeatable; default: none, SERVICE is refused)",
    )
    command.set_defaults(handler=_serve, progress=True)  # "serving N quads at URL"


def _serve(args: argparse.Namespace) -> int:
    from electionkg.rdf.serialise import check_base_url
    from electionkg.web.server import serve

    if args.base_url:
        check_base_url(args.base_url)
    if not 0 < args.port < 65536:
        raise InputError(f"--port must be between 1 and 65535: {args.port}")
    serve(args.host, args.port, args.base_url, args.allow_service)
    return 0
