"""How fast ``electionkg.shacl.sparql.validate_store`` checks a graph of about a million triples.

The project's facts are copied N times with their IRIs renamed (``.../id/`` becomes
``.../id/c{i}-``) and fresh blank nodes per copy, the ontology kept once, all loaded into an
in-memory Oxigraph store the way the callers do (ontology and facts in their named graphs).
Copies of the seed trigger some SPARQL rules differently (a copied vote share still names the
original election's candidacies...); that is fine for timing. pySHACL is timed on a smaller
copy for comparison, and both reports are compared there.

    python bench/bench_validation.py [--triples 1000000] [-n 3] [--pyshacl-triples 50000]

Prints the median of ``-n`` runs; ``--pyshacl-triples 0`` skips pySHACL.

    python bench/bench_validation.py --command DATA_DIR [-n 3]

    python bench/bench_validation.py --profile DATA_DIR [DATA_DIR ...]

prints the seconds of the slowest constraints on each data folder (parsed as the build does),
and, for two or more, each constraint's growth exponent from the first folder to the last.

times the command instead: ``electionkg validate`` with ``ELECTIONKG_DATA=DATA_DIR`` (a graph
from ``bench/generate_graph.py --out``), wall time and peak memory, median of ``-n`` runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from electionkg.rdf import namespaces
from electionkg.rdf.loading import load_facts, load_ontology, load_shapes
from electionkg.shacl.pyshacl_engine import validate
from electionkg.shacl.sparql import validate_store

_BLANK = re.compile(r"(^|\s)_:(\S+)", re.M)


def copies(facts_nt: str, count: int) -> str:
    """``count`` renamed copies of the facts, as one N-Triples document."""
    parts = []
    for i in range(count):
        renamed = facts_nt.replace(namespaces.ID, f"{namespaces.ID}c{i}-")
        parts.append(_BLANK.sub(rf"\g<1>_:c{i}x\g<2>", renamed))
    return "".join(parts)


def build_store(ontology_nt: str, facts_nt: str) -> ox.Store:
    store = ox.Store()
    store.bulk_load(
        ontology_nt.encode(),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(namespaces.ONTOLOGY_GRAPH),
    )
    store.bulk_load(
        facts_nt.encode(),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(namespaces.FACTS_GRAPH),
    )
    return store


def time_command(data: Path, runs: int) -> None:
    """``electionkg validate`` on ``data``: wall seconds and peak memory per run, and medians."""
    env = {**os.environ, "ELECTIONKG_DATA": str(data)}
    seconds, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        run = subprocess.run(["electionkg", "validate"], env=env, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
        summary = run.stdout.splitlines()[0] if run.stdout else run.stderr.strip()
    print(
        f"electionkg validate on {data}: median {statistics.median(seconds):.2f} s "
        f"({', '.join(f'{s:.2f}' for s in seconds)}), peak {max(peaks) // 1024} MB; "
        f"exit {run.returncode}: {summary}"
    )


def profile(folders: list[Path]) -> None:
    """Seconds per constraint on each folder, and the growth exponent between the extremes."""
    import math

    from electionkg.build import pipeline
    from electionkg.build.store import DataFolders
    from electionkg.rdf.loading import load_turtle_folder
    from electionkg.shacl.sparql.compiler import Compiler
    from electionkg.shacl.sparql.engine import Engine

    runs = []
    for folder in folders:
        data = DataFolders.under(folder)
        store = ox.Store()
        pipeline.parse_into_store(data, store)
        engine = Engine(
            store, list(pipeline.ASSERTED_GRAPHS), Compiler(load_turtle_folder(data.shapes))
        )
        started = time.perf_counter()
        engine.run()
        total = time.perf_counter() - started
        runs.append((len(store), total, engine.seconds))
        print(f"{folder}: {len(store)} triples, validation {total:.2f} s")
    (small, small_total, first), (big, big_total, last) = runs[0], runs[-1]
    ratio = math.log(big / small) if big != small else 1.0
    print(f"total exponent {math.log(big_total / small_total) / ratio:.2f}")
    for key, seconds in sorted(last.items(), key=lambda item: -item[1])[:12]:
        before = first.get(key, 0.0)
        exponent = (
            math.log(seconds / before) / ratio if before > 0 and seconds > 0 else float("nan")
        )
        print(f"  {seconds:7.2f} s (from {before:.2f} s, exponent {exponent:.2f})  {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("-n", type=int, default=3, help="runs (median reported)")
    parser.add_argument("--pyshacl-triples", type=int, default=50_000)
    parser.add_argument("--command", type=Path, metavar="DATA_DIR", help="time the command")
    parser.add_argument("--profile", type=Path, nargs="+", metavar="DATA_DIR")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    if args.command is not None:
        time_command(args.command, args.n)
        return

    ontology, facts, shapes = load_ontology(), load_facts(), load_shapes()
    ontology_nt = ontology.serialize(format="nt")
    facts_nt = facts.serialize(format="nt")
    graphs = [ox.NamedNode(namespaces.ONTOLOGY_GRAPH), ox.NamedNode(namespaces.FACTS_GRAPH)]
    print(f"seed: {len(facts)} fact triples, {len(ontology)} ontology triples")

    count = max(1, round(args.triples / len(facts)))
    started = time.perf_counter()
    store = build_store(ontology_nt, copies(facts_nt, count))
    print(
        f"{count} copies: {len(store)} triples, built and loaded in "
        f"{time.perf_counter() - started:.1f} s"
    )
    timings = []
    report = None
    for _ in range(args.n):
        started = time.perf_counter()
        report = validate_store(store, shapes, graphs)
        timings.append(time.perf_counter() - started)
    assert report is not None
    print(
        f"validate_store: median {statistics.median(timings):.2f} s over {args.n} runs "
        f"({', '.join(f'{t:.2f}' for t in timings)}); {report.summary()}"
    )

    if args.pyshacl_triples:
        small = max(1, round(args.pyshacl_triples / len(facts)))
        small_nt = copies(facts_nt, small)
        store = build_store(ontology_nt, small_nt)
        data = Graph().parse(data=ontology_nt + small_nt, format="nt")
        started = time.perf_counter()
        expected = validate(data, shapes)
        reference = time.perf_counter() - started
        started = time.perf_counter()
        actual = validate_store(store, shapes, graphs)
        fast = time.perf_counter() - started
        same = "same report" if actual.results == expected.results else "REPORTS DIFFER"
        print(
            f"{small} copies ({len(data)} triples): pySHACL {reference:.2f} s, "
            f"validate_store {fast:.2f} s ({same}; {expected.summary()})"
        )


if __name__ == "__main__":
    main()
