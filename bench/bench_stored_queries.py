"""How long each stored query takes on a persistent store, warm, and how many rows it gives.

Every query of ``queries/`` runs once untimed (to warm the store's caches), then ``-n`` times
in this process; the median is printed with the row count. ``claim-provenance`` needs a
resource: the first election's winner of the data's ``generated.json`` (see
``generate_graph.py``) when there is one, else ``person:zahid-oruj`` (the seed graph).

    python bench/bench_stored_queries.py STORE [--data DIR] [-n 3] [--only NAME ...]
        [--skip NAME ...] [--timeout S] [--save DIR]

``--save DIR`` writes each query's CSV result to ``DIR/NAME.csv``, to compare the results of
two versions of the queries. pyoxigraph cannot cancel a query: one past ``--timeout`` keeps a
core busy until the process ends, so the timings after it are not to be trusted (``--skip`` it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from electionkg.build import store
from electionkg.sparql.catalogue import list_stored_queries, resolve_query
from electionkg.sparql.parameters import bind_parameters
from electionkg.sparql.run import QueryTimeoutError, run_query

DEFAULT_RESOURCE = "person:zahid-oruj"


def resource_of(data: Path | None) -> str:
    """The first election's winner in ``data/generated.json``, else the seed graph's."""
    generated = data / "generated.json" if data else None
    if generated and generated.is_file():
        elections = json.loads(generated.read_text(encoding="utf-8")).get("elections") or []
        if elections and elections[0].get("winner"):
            return str(elections[0]["winner"])
    return DEFAULT_RESOURCE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a persistent store (electionkg build --store)")
    parser.add_argument("--data", type=Path, default=os.environ.get("ELECTIONKG_DATA"))
    parser.add_argument("-n", "--runs", type=int, default=3, help="timed runs per query")
    parser.add_argument("--only", nargs="*", default=[], help="run these queries only")
    parser.add_argument("--skip", nargs="*", default=[], help="leave these queries out")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--save", type=Path, help="write each CSV result to DIR/NAME.csv")
    args = parser.parse_args()

    persistent = store.open_persistent_store(args.store)
    resource = resource_of(args.data)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    print(f"{'query':32} {'median s':>9} {'rows':>8}")
    for stored in list_stored_queries():
        if (args.only and stored.name not in args.only) or stored.name in args.skip:
            continue
        query = resolve_query(str(stored.path))
        assignments = [f"resource={resource}"] if stored.params else []
        params = bind_parameters(query, assignments)
        times = []
        try:
            output = run_query(query, persistent, params, result_format="csv", timeout=args.timeout)
            for _ in range(args.runs):
                started = time.perf_counter()
                run_query(query, persistent, params, result_format="csv", timeout=args.timeout)
                times.append(time.perf_counter() - started)
        except QueryTimeoutError:
            print(f"{stored.name:32} {'> ' + format(args.timeout, 'g'):>9} {'-':>8}", flush=True)
            continue
        rows = output.body.count(b"\n") - 1  # the header line
        if args.save:
            (args.save / f"{stored.name}.csv").write_bytes(output.body)
        print(f"{stored.name:32} {statistics.median(times):9.3f} {rows:8d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
