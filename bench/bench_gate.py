"""What the build gate costs: each family of checks, and the whole gate's share of a build.

    python bench/bench_gate.py DATA_ROOT [--runs 3] [--build]

Parses ``DATA_ROOT`` (a checkout, or ``bench/generate_graph.py``'s output) into an Oxigraph
store as ``build`` does, then times each family of the gate (:mod:`electionkg.build.gate`) on
it ``--runs`` times and prints the medians, wall and CPU seconds (the machine may be shared:
CPU seconds are steadier). With ``--build``, it also runs ``electionkg build --store DIR`` in a
child process ``--runs`` times with the gate and as many times with the gate replaced by a
no-op, and prints the median wall and CPU seconds of each and the gate's share of the build.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

_CHILD = """
import sys
from electionkg.build import gate
if sys.argv[1] == "without":
    gate.run_gate = lambda store, seeds, parts=gate.PARTS: gate.GateReport()
from electionkg.cli import main
sys.argv = ["electionkg", "build", "--store", sys.argv[2]]
sys.exit(main())
"""


def families(store: ox.Store, seeds: Path) -> list[tuple[str, Callable[[], object]]]:
    """The gate's families in its order; the snapshot is timed as a step of its own."""
    from electionkg.build import gate
    from electionkg.build.integrity import check_rules
    from electionkg.build.vocabulary import check_vocabulary
    from electionkg.provenance import fact_checks
    from electionkg.provenance.snapshot import Snapshot

    snapshot: list[Snapshot] = []
    steps: list[tuple[str, Callable[[], object]]] = [
        ("integrity rules", lambda: check_rules(store)),
        ("vocabulary", lambda: check_vocabulary(store)),
        ("types", lambda: check_rules(store, (gate.WELL_TYPED,))),
        ("snapshot", lambda: snapshot.append(Snapshot.load(store, seeds))),
    ]
    for kind, check in (*fact_checks.EVIDENCE_CHECKS, *fact_checks.CHECKS):
        steps.append((kind, lambda check=check: check(snapshot[-1])))  # type: ignore[misc]
    return steps


def time_families(root: Path, runs: int) -> None:
    from electionkg.build import pipeline
    from electionkg.paths import DataFolders

    store = ox.Store()
    pipeline.parse_into_store(DataFolders.under(root), store)
    seen: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        for name, step in families(store, root / "seeds"):
            wall, cpu = time.perf_counter(), time.process_time()
            step()
            seen.setdefault(name, []).append(
                (time.perf_counter() - wall, time.process_time() - cpu)
            )
    total_wall = total_cpu = 0.0
    for name, times in seen.items():
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        print(f"{name:<16} {wall:7.2f} s wall {cpu:7.2f} s cpu")
    print(f"{'gate':<16} {total_wall:7.2f} s wall {total_cpu:7.2f} s cpu (medians of {runs})")


def time_builds(root: Path, runs: int) -> None:
    env = {**os.environ, "ELECTIONKG_DATA": str(root)}
    seen: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    for _ in range(runs):
        for mode in seen:
            with tempfile.TemporaryDirectory() as folder:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                wall = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-c", _CHILD, mode, str(Path(folder) / "store")],
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                seen[mode].append((time.perf_counter() - wall, cpu))
    medians = {
        mode: (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
        for mode, times in seen.items()
    }
    for mode, (wall, cpu) in medians.items():
        print(f"build {mode + ' the gate':<17} {wall:7.2f} s wall {cpu:7.2f} s cpu")
    added = medians["with"][0] - medians["without"][0]
    share = 100 * added / medians["with"][0]
    print(f"the gate adds {added:.2f} s wall, {share:.0f} % of the build (medians of {runs})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a data root (ontology/, graph/, seeds/...)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time whole builds")
    args = parser.parse_args()
    time_families(args.root.resolve(), args.runs)
    if args.build:
        time_builds(args.root.resolve(), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
