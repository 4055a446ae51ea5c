"""Per triplestore: how long loading the three graphs takes, and how many stored queries agree.

Engines (each started on free loopback ports, in a temporary folder, and stopped again):

* ``oxigraph-plain`` / ``oxigraph-union``: ``oxigraph serve`` without / with
  ``--union-default-graph``, loaded with ``electionkg load`` (no ``--store``: recognised);
* ``virtuoso-gsp``: Virtuoso, loaded with ``electionkg load`` (recognised; digest);
* ``virtuoso-ld_dir``: Virtuoso, loaded with ``ld_dir`` + ``rdf_loader_run`` through ``isql``;
* ``jena-tdb2``: ``tdb2.tdbloader --graph`` per file (three JVM runs), queried with
  ``tdb2.tdbquery`` without and with ``--set tdb:unionDefaultGraph=true``.

Each is asked as ``query --endpoint`` asks by default (``named``: the dataset's three graphs as
``default-graph-uri``; for TDB2 the same dataset as ``FROM`` clauses) and from the server's own
default graph (``server-default``, i.e. ``--server-default-graph``). A query agrees when its
multiset of results equals ``tests/expected/NAME.csv`` by value (the comparison of the test
suite). Load times are medians of ``-n`` loads. The output is the store matrix of issue 14.

    python bench/bench_triplestores.py [-n 3] [--engine oxigraph ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from query_results import STORED, multiset, read_expected  # noqa: E402
from remote_servers import (  # noqa: E402
    OxigraphServer,
    VirtuosoServer,
    remote_answer,
    with_dataset,
)
from support import jena  # noqa: E402

from electionkg import cli  # noqa: E402
from electionkg.remote.endpoint import DATASET_GRAPHS  # noqa: E402
from electionkg.remote.graph_store import GRAPHS, graph_payloads, write_graph_files  # noqa: E402
from electionkg.sparql.catalogue import resolve_query  # noqa: E402
from electionkg.sparql.parameters import bind_parameters, bind_values  # noqa: E402

ENGINES = ("oxigraph-plain", "oxigraph-union", "virtuoso-gsp", "virtuoso-ld_dir", "jena-tdb2")
MODES = ("named", "server-default")

Differing = dict[str, list[str]]
"""Per way of asking (``named``, ``server-default``, ...): the stored queries that disagree."""


def endpoint_agreement(query_url: str) -> Differing:
    """Both ways of asking: the stored queries whose answers differ from the expected ones."""
    return {mode: _agreement(query_url, mode == "server-default") for mode in MODES}


def _agreement(query_url: str, server_default_graph: bool) -> list[str]:
    differing = []
    for name in STORED:
        _, expected, params = read_expected(name)
        try:
            _, actual = remote_answer(
                query_url, name, params, server_default_graph=server_default_graph
            )
        except Exception as error:  # a server error counts as a disagreement
            print(f"    {name}: {error}"[:300], file=sys.stderr)
            differing.append(name)
            continue
        if actual != expected:
            differing.append(name)
    return differing


def time_it(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_oxigraph(folder: Path, runs: int, union: bool) -> tuple[list[float], Differing]:
    server = OxigraphServer(folder, union_default_graph=union)
    try:
        argv = ["load", "--endpoint", server.root]
        times = [time_it(lambda: _ok(cli.main(argv))) for _ in range(runs)]
        return times, endpoint_agreement(server.query_url)
    finally:
        server.stop()


def bench_virtuoso(folder: Path, runs: int, bulk: bool) -> tuple[list[float], Differing]:
    files = folder / "files"
    write_graph_files(files, graph_payloads())
    server = VirtuosoServer(folder, load_dir=files)
    os.environ["BENCH_VIRTUOSO_PASSWORD"] = "dba"
    argv = [
        "load",
        "--endpoint",
        server.root,
        "--user",
        "dba",
        "--password-env",
        "BENCH_VIRTUOSO_PASSWORD",
    ]
    try:
        times = []
        for _ in range(runs):
            if bulk:
                clear = " ".join(f"SPARQL CLEAR GRAPH <{iri}>;" for _, iri in GRAPHS)
                server.isql(f"DELETE FROM DB.DBA.load_list; {clear}")
                times.append(
                    time_it(
                        lambda: server.isql(
                            f"ld_dir('{files}', '*.nt', NULL); rdf_loader_run(); checkpoint;"
                        )
                    )
                )
            else:
                times.append(time_it(lambda: _ok(cli.main(argv))))
        return times, endpoint_agreement(server.query_url)
    finally:
        server.stop()


def bench_tdb2(folder: Path, runs: int) -> tuple[list[float], Differing]:
    write_graph_files(folder / "files", graph_payloads())
    times = []
    for run in range(runs):
        database = folder / f"DB-{run}"

        def load(database: Path = database) -> None:
            for name, iri in GRAPHS:
                file = folder / "files" / f"{name}.nt"
                done = jena.run_jena(
                    "tdb2.tdbloader", ["--loc", str(database), "--graph", iri, str(file)]
                )
                assert done.returncode == 0, done.stderr

        times.append(time_it(load))
    setups = {
        "plain+named": (False, True),
        "plain": (False, False),
        "union": (True, False),
        "union+named": (True, True),
    }
    return times, {mode: _tdb2_agreement(folder, *setup) for mode, setup in setups.items()}


def _tdb2_agreement(folder: Path, union: bool, named: bool) -> list[str]:
    import pyoxigraph

    differing = []
    for name in STORED:
        _, expected, params = read_expected(name)
        query = resolve_query(name)
        text = bind_values(
            query.text, bind_parameters(query, [f"{k}={v}" for k, v in params.items()])
        )
        query_file = folder / f"{name}.rq"
        query_file.write_text(with_dataset(text, DATASET_GRAPHS) if named else text)
        args = ["--loc", str(folder / "DB-0")]
        args += ["--set", "tdb:unionDefaultGraph=true"] if union else []
        done = jena.run_jena(
            "tdb2.tdbquery", [*args, "--results", "json", "--query", str(query_file)]
        )
        results = pyoxigraph.parse_query_results(
            done.stdout.encode(), pyoxigraph.QueryResultsFormat.JSON
        )
        assert isinstance(results, pyoxigraph.QuerySolutions)
        variables = [v.value for v in results.variables]
        actual = multiset(variables, [{v: s[v] for v in variables} for s in results])
        if actual != expected:
            differing.append(name)
    return differing


def _ok(code: int) -> None:
    if code != 0:
        raise RuntimeError(f"electionkg load exited with {code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=3, help="loads per engine (default 3)")
    parser.add_argument("--engine", action="append", choices=ENGINES, help="default: all")
    args = parser.parse_args()
    os.environ.setdefault("ELECTIONKG_CACHE_DIR", tempfile.mkdtemp(prefix="bench-cache-"))
    triples = sum(payload.triples for payload in graph_payloads())  # builds the cache first
    print(
        f"{triples} triples in {len(GRAPHS)} graphs; {len(STORED)} stored queries; "
        f"medians of {args.n} loads"
    )
    print(f"{'engine':<18} {'load (s)':>9} {'asked':<15} {'agree':>6}  differing")
    status = 0
    for engine in args.engine or ENGINES:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-{engine}-"))
        try:
            if engine.startswith("oxigraph"):
                times, differing = bench_oxigraph(folder, args.n, engine.endswith("union"))
            elif engine == "jena-tdb2":
                times, differing = bench_tdb2(folder, args.n)
            else:
                times, differing = bench_virtuoso(folder, args.n, bulk=engine.endswith("ld_dir"))
        except (AssertionError, RuntimeError, OSError, subprocess.SubprocessError) as error:
            print(f"{engine:<18} failed: {error}"[:400])
            status = 1
            continue
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        for mode, names in differing.items():
            agree = len(STORED) - len(names)
            print(
                f"{engine:<18} {statistics.median(times):>9.2f} {mode:<15} "
                f"{agree:>3}/{len(STORED)}  {', '.join(names) or '-'}"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
