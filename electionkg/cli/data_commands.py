"""The subcommands that read and build the project data: validate, check, build, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from electionkg.cli.common import Subparsers


def add_validate_command(subparsers: Subparsers) -> None:
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
    from electionkg.project import Project

    report = Project.find().validate(args.files)
    print(report.format_text())
    return 0 if report.conforms else 1


def add_check_command(subparsers: Subparsers) -> None:
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
    from electionkg.build.checks import run_checks

    results = run_checks()
    for result in results:
        print(result.format_line())
    return 0 if all(result.ok for result in results) else 1


def add_build_command(subparsers: Subparsers) -> None:
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
    from electionkg.paths import DataFolders

    folders = DataFolders.default()
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


def add_export_command(subparsers: Subparsers) -> None:
    from electionkg.publish.export import EXPORT_FORMATS

    command = subparsers.add_parser(
        "export",
        help="write the graph (asserted, optionally with inferences) as RDF",
        description=(
            "Write the whole dataset (ontology and facts), with --inferred also the OWL RL "
            "inferences. N-Triples and N-Quads are streamed from the build in flat memory (any "
            "size); Turtle, TriG, JSON-LD and RDF/XML are sorted, with canonical blank node "
            "labels. N-Quads and TriG keep the three named graphs apart; JSON-LD uses the "
            "published context. Exit 0 ok, 1 the data fails its checks, 2 bad input."
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
    from electionkg.publish.export import export, write_export

    if args.output is not None:
        export(
            args.format,
            inferred=args.inferred,
            base_url=args.base_url,
            describe=args.describe,
            output=args.output,
        )
        return 0
    # Straight to stdout: N-Triples and N-Quads are streamed, never held whole in memory.
    sys.stdout.flush()
    write_export(sys.stdout.buffer, args.format, args.inferred, args.base_url, args.describe)
    sys.stdout.buffer.flush()
    return 0


def add_quote_command(subparsers: Subparsers) -> None:
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
    from electionkg.provenance.quote_tool import describe_anchors
    from electionkg.provenance.selectors import quote_anchors

    seed, anchors = quote_anchors(args.source, args.words)
    if not anchors:
        print(f"not in seeds/{seed} (white space collapsed): {args.words!r}", file=sys.stderr)
        return 1
    print(describe_anchors(seed, anchors), end="")
    if len(anchors) > 1:
        print(
            f"the words occur {len(anchors)} times in seeds/{seed}: keep the prefix and suffix "
            "of the one you mean",
            file=sys.stderr,
        )
        return 1
    return 0
