"""Per triplestore: how long loading the three graphs takes, and how many stored queries agree.

Engines (each started on free loopback ports, in a temporary folder, and stopped again):

* ``oxigraph``: ``oxigraph serve``, loaded with ``electionkg load`` (Graph Store Protocol PUT);
* ``virtuoso-gsp``: Virtuoso, loaded with ``electionkg load --store virtuoso`` (digest);
* ``virtuoso-ld_dir``: Virtuoso, loaded with ``ld_dir`` + ``rdf_loader_run`` through ``isql``;
* ``jena-tdb2``: ``tdb2.tdbloader --graph`` per file (three JVM runs), queried with
  ``tdb2.tdbquery --set tdb:unionDefaultGraph=true``.

A query agrees when its multiset of results equals ``tests/expected/NAME.csv`` by value (the
comparison of the test suite). Load times are medians of ``-n`` loads.

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
from remote_servers import OxigraphServer, VirtuosoServer, remote_answer  # noqa: E402
from support import jena  # noqa: E402

from electionkg import cli  # noqa: E402
from electionkg.remote.endpoint import bind_values  # noqa: E402
from electionkg.remote.graph_store import GRAPHS, graph_payloads, write_graph_files  # noqa: E402
from electionkg.sparql.queries import bind_parameters, resolve_query  # noqa: E402

ENGINES = ("oxigraph", "virtuoso-gsp", "virtuoso-ld_dir", "jena-tdb2")


def endpoint_agreement(query_url: str) -> list[str]:
    """The stored queries whose answers through the endpoint differ from the expected ones."""
    differing = []
    for name in STORED:
        _, expected, params = read_expected(name)
        try:
            _, actual = remote_answer(query_url, name, params)
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


def bench_oxigraph(folder: Path, runs: int) -> tuple[list[float], list[str]]:
    server = OxigraphServer(folder, union_default_graph=True)
    try:
        argv = ["load", "--endpoint", server.root, "--store", "oxigraph"]
        times = [time_it(lambda: _ok(cli.main(argv))) for _ in range(runs)]
        return times, endpoint_agreement(server.query_url)
    finally:
        server.stop()


def bench_virtuoso(folder: Path, runs: int, bulk: bool) -> tuple[list[float], list[str]]:
    files = folder / "files"
    write_graph_files(files, graph_payloads())
    server = VirtuosoServer(folder, load_dir=files)
    os.environ["BENCH_VIRTUOSO_PASSWORD"] = "dba"
    argv = [
        "load",
        "--endpoint",
        server.root,
        "--store",
        "virtuoso",
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


def bench_tdb2(folder: Path, runs: int) -> tuple[list[float], list[str]]:
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
    differing = []
    for name in STORED:
        header, expected, params = read_expected(name)
        query = resolve_query(name)
        text = bind_values(
            query.text, bind_parameters(query, [f"{k}={v}" for k, v in params.items()])
        )
        query_file = folder / f"{name}.rq"
        query_file.write_text(text, encoding="utf-8")
        args = ["--loc", str(folder / "DB-0"), "--set", "tdb:unionDefaultGraph=true"]
        done = jena.run_jena(
            "tdb2.tdbquery", [*args, "--results", "json", "--query", str(query_file)]
        )
        import pyoxigraph

        results = pyoxigraph.parse_query_results(
            done.stdout.encode(), pyoxigraph.QueryResultsFormat.JSON
        )
        variables = [v.value for v in results.variables]  # type: ignore[union-attr]
        actual = multiset(variables, [{v: s[v] for v in variables} for s in results])  # type: ignore[union-attr]
        if actual != expected:
            differing.append(name)
    return times, differing


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
    print(f"{'engine':<18} {'load (s)':>9} {'agree':>6}  differing")
    status = 0
    for engine in args.engine or ENGINES:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-{engine}-"))
        try:
            if engine == "oxigraph":
                times, differing = bench_oxigraph(folder, args.n)
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
        agree = len(STORED) - len(differing)
        print(
            f"{engine:<18} {statistics.median(times):>9.2f} {agree:>3}/{len(STORED)}  "
            f"{', '.join(differing) or '-'}"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
