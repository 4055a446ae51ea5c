"""One stage of the build or of a query, timed in a fresh process for ``bench_scale.py``.

    python bench/scale_stages.py STAGE DATA_ROOT WORKDIR [QUERY]

Stages: ``parse``, ``reason``, ``validate``, ``store``; ``query-warm``, ``query-live`` need QUERY.
Whatever a stage needs first (parsing before reasoning, the shapes before validating) is set up
untimed; only the stage itself is timed, inside this process, so that interpreter start-up and
imports do not blur it. The last line on stdout is one JSON object::

    {"stage": "reason", "seconds": 1.23, "maxrss_kib": 123456, "detail": "..."}

Why a process per run: peak memory is only meaningful for a process that did nothing else, and
caches (pyoxigraph's, rdflib's, the allocator's) would otherwise make later runs look faster.

The stages are written against the contract of the new build path::

    electionkg.build.pipeline.parse_into_store(folders, store)   ontology/, graph/ -> two graphs
    electionkg.reasoning.rule_reasoner.materialise(store) -> int   writes the inferred graph
    electionkg.shacl.sparql.validate_store(store, shapes, graphs) -> ValidationReport
    electionkg.build.store.open_persistent_store(directory)            read-only on-disk store

Where a contract function does not exist yet in the installed package, the stage prints
``{"stage": ..., "unavailable": "<what is missing>"}`` and exits with :data:`UNAVAILABLE`, and the
runner records it as such. With ``ELECTIONKG_SCALE_BASELINE=1`` the stages measure today's path
instead (rdflib parsing, owlrl, pySHACL, the N-Quads cache), to compare against.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

UNAVAILABLE = 3
"""Exit status of a stage whose contract function is not in the installed package yet."""

BASELINE_ENV = "ELECTIONKG_SCALE_BASELINE"
WARM_REPEATS = 5
STORE_DIR = "store"
"""Under WORKDIR: the persistent store that the ``build`` stage writes and queries read."""


class Unavailable(Exception):
    """A contract function is missing from the installed package."""


def baseline() -> bool:
    return os.environ.get(BASELINE_ENV) == "1"


def contract(module: str, name: str) -> Any:
    """``module.name`` of the new build path, or Unavailable naming what is missing."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise Unavailable(f"{module}.{name} (not in the installed electionkg yet)") from None


def query_arguments(data_root: Path, name: str) -> list[str]:
    """``--param`` arguments for the stored query: a resource that is in every generated graph.

    Only ``claim-provenance`` declares a parameter (``resource``); the first generated election's
    winner has claims in every size, so its answer is never empty.
    """
    from electionkg.sparql.catalogue import resolve_query

    query = resolve_query(name, folder=data_root / "queries")
    manifest = json.loads((data_root / "generated.json").read_text(encoding="utf-8"))
    values = {"resource": manifest["elections"][0]["winner"]}
    return [f"--param={param.name}={values[param.name]}" for param in query.params]


# --- stages: each returns (seconds of the stage only, a detail for the record) -----------------


def parse_stage(data_root: Path, workdir: Path) -> tuple[float, str]:
    import pyoxigraph

    from electionkg.build.store import DataFolders

    folders = DataFolders.under(data_root)
    if baseline():
        from electionkg.rdf.loading import load_turtle_folder

        started = time.perf_counter()
        ontology, facts = load_turtle_folder(folders.ontology), load_turtle_folder(folders.graph)
        seconds = time.perf_counter() - started
        return seconds, f"rdflib: {len(ontology) + len(facts)} triples"
    parse_into_store = contract("electionkg.build.pipeline", "parse_into_store")
    store = pyoxigraph.Store()
    started = time.perf_counter()
    parse_into_store(folders, store)
    seconds = time.perf_counter() - started
    return seconds, f"{len(store)} quads"


def parsed_store(data_root: Path) -> Any:
    """Setup of the later stages: the ontology and the facts in an in-memory store."""
    import pyoxigraph

    from electionkg.build.store import DataFolders

    parse_into_store = contract("electionkg.build.pipeline", "parse_into_store")
    store = pyoxigraph.Store()
    parse_into_store(DataFolders.under(data_root), store)
    return store


def reason_stage(data_root: Path, workdir: Path) -> tuple[float, str]:
    if baseline():
        from electionkg.rdf.loading import load_turtle_folder
        from electionkg.reasoning.reasoning import materialise_inferences

        ontology = load_turtle_folder(data_root / "ontology")
        facts = load_turtle_folder(data_root / "graph")
        started = time.perf_counter()
        inferred = materialise_inferences(facts, ontology)
        return time.perf_counter() - started, f"owlrl: {len(inferred)} inferred"
    materialise = contract("electionkg.reasoning.rule_reasoner", "materialise")
    store = parsed_store(data_root)
    started = time.perf_counter()
    inferred = materialise(store)
    return time.perf_counter() - started, f"{inferred} inferred"


def validate_stage(data_root: Path, workdir: Path) -> tuple[float, str]:
    from electionkg.rdf.loading import load_turtle_folder

    shapes = load_turtle_folder(data_root / "shapes")
    if baseline():
        from electionkg.shacl.pyshacl_engine import validate

        data = load_turtle_folder(data_root / "ontology") + load_turtle_folder(data_root / "graph")
        started = time.perf_counter()
        report = validate(data, shapes)
    else:
        from electionkg.build.pipeline import ASSERTED_GRAPHS

        validate_store = contract("electionkg.shacl.sparql", "validate_store")
        store = parsed_store(data_root)
        started = time.perf_counter()
        report = validate_store(store, shapes, list(ASSERTED_GRAPHS))
    seconds = time.perf_counter() - started
    return seconds, f"conforms={report.conforms} violations={report.violations}"


def store_stage(data_root: Path, workdir: Path) -> tuple[float, str]:
    """Writing all quads (asserted and inferred) into a fresh on-disk store."""
    import pyoxigraph

    if baseline():
        from electionkg.build import store as cache

        memory = cache.load_store(cache.ensure_built(cache.DataFolders.under(data_root)))
    else:
        materialise = contract("electionkg.reasoning.rule_reasoner", "materialise")
        memory = parsed_store(data_root)
        materialise(memory)
    target = workdir / "store-stage"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    # As electionkg.build.store.build_persistent_store writes it.
    write = contract("electionkg.build.store", "write_disk_store")
    write(memory, target)
    seconds = time.perf_counter() - started
    quads = len(pyoxigraph.Store.read_only(str(target)))
    shutil.rmtree(target, ignore_errors=True)
    return seconds, f"{quads} quads"


def query_stage(data_root: Path, workdir: Path, name: str, live: bool) -> tuple[float, str]:
    """The median of repeated runs of one stored query in one process (after one untimed run).

    Not ``live``: what ``electionkg query NAME --store DIR`` does (open the store, serve the
    answer kept in its folder, which the untimed run keeps). ``live``: evaluation on the opened
    store.
    """
    from electionkg.answer import answer_query
    from electionkg.sparql.catalogue import resolve_query
    from electionkg.sparql.parameters import bind_parameters
    from electionkg.sparql.run import run_query

    query = resolve_query(name, folder=data_root / "queries")
    assignments = [arg.removeprefix("--param=") for arg in query_arguments(data_root, name)]
    params = bind_parameters(query, assignments)
    if baseline():
        from electionkg.build import store as cache

        store = cache.load_store(cache.ensure_built(cache.DataFolders.under(data_root)))

        def run() -> bytes:
            return run_query(query, store, params, result_format="csv", timeout=None).body
    elif live:
        store = contract("electionkg.build.store", "open_persistent_store")(workdir / STORE_DIR)

        def run() -> bytes:
            return run_query(query, store, params, result_format="csv", timeout=None).body
    else:

        def run() -> bytes:
            output = answer_query(
                name, assignments, result_format="csv", timeout=None, store_dir=workdir / STORE_DIR
            )
            return output.body

    first = run()
    times = []
    for _ in range(WARM_REPEATS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    rows = max(first.count(b"\n") - 1, 0)
    return statistics.median(times), f"{rows} rows, median of {WARM_REPEATS}"


QUERY_STAGES = ("query-warm", "query-live")


STAGES: dict[str, Callable[[Path, Path], tuple[float, str]]] = {
    "parse": parse_stage,
    "reason": reason_stage,
    "validate": validate_stage,
    "store": store_stage,
}


def main(argv: list[str]) -> int:
    if len(argv) < 3 or (argv[0] not in STAGES and argv[0] not in QUERY_STAGES):
        print(__doc__, file=sys.stderr)
        return 2
    stage, data_root, workdir = argv[0], Path(argv[1]), Path(argv[2])
    os.environ["ELECTIONKG_DATA"] = str(data_root)
    os.environ.setdefault("ELECTIONKG_CACHE_DIR", str(workdir / "cache"))
    workdir.mkdir(parents=True, exist_ok=True)
    record: dict[str, object] = {"stage": stage}
    try:
        if stage in QUERY_STAGES:
            if len(argv) < 4:
                print(f"{stage} needs a QUERY name", file=sys.stderr)
                return 2
            record["query"] = argv[3]
            seconds, detail = query_stage(data_root, workdir, argv[3], stage == "query-live")
        else:
            seconds, detail = STAGES[stage](data_root, workdir)
    except Unavailable as missing:
        record["unavailable"] = str(missing)
        print(json.dumps(record), flush=True)
        return UNAVAILABLE
    record.update(
        seconds=seconds,
        maxrss_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        detail=detail,
    )
    print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
