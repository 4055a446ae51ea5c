"""How fast the installed ``electionkg query NAME`` answers, next to ``python -c "import rdflib"``.

Measured side by side in one run (the two commands alternate, N times each) and reported as
medians, with the budgets of the issues:

* a warm query in a new process (the cache built) takes at most 3x a bare ``python -c pass``
  (issue 14; the time of importing rdflib is printed beside it, for the older budget of 0.5x);
* the first query after a data change (parse, validate, reason, every check of the gate, cache)
  takes under 1 s (issues 10 and 11); it is measured with ``ELECTIONKG_CACHE_DIR`` set to a new
  empty folder for each run.

The package is byte-compiled first, as ``pip install`` does: in an editable install with
``PYTHONDONTWRITEBYTECODE`` set, every run would otherwise recompile the package's sources.

    python bench/bench_query.py [QUERY] [-n 15]

Exit status 0 when both budgets hold, 1 when one does not, 2 when the command fails.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

WARM_RATIO_BUDGET = 3.0
"""A warm query against a bare ``python -c pass``."""
FIRST_RUN_BUDGET_SECONDS = 1.0


def installed_command() -> str:
    """The console script beside this Python (not a shell shim in front of it), else on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "electionkg"
    found = str(beside) if beside.is_file() else shutil.which("electionkg")
    if not found:
        sys.exit("electionkg is not installed: pip install . (or pip install -e .)")
    return found


def byte_compile_package() -> None:
    spec = importlib.util.find_spec("electionkg")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            compileall.compile_dir(location, quiet=1)


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        sys.stderr.write(run.stderr.decode(errors="replace"))
        sys.exit(f"{' '.join(command)} failed with exit code {run.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("query", nargs="?", default="who-congratulated-the-winner")
    parser.add_argument("-n", "--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--first-runs", type=int, default=3, help="cold builds (default 3)")
    args = parser.parse_args()

    command = [installed_command(), "query", args.query]
    rdflib_import = [sys.executable, "-c", "import rdflib"]
    bare_python = [sys.executable, "-c", "pass"]
    byte_compile_package()
    seconds(command)  # build the cache if needed, and warm the file system cache

    bare, rdflib, warm = [], [], []
    for _ in range(args.runs):
        bare.append(seconds(bare_python))
        rdflib.append(seconds(rdflib_import))
        warm.append(seconds(command))

    first = []
    for _ in range(args.first_runs):
        with tempfile.TemporaryDirectory(prefix="electionkg-bench-") as cache:
            first.append(seconds(command, env={**os.environ, "ELECTIONKG_CACHE_DIR": cache}))

    ratio = statistics.median(warm) / statistics.median(bare)
    rdflib_ratio = statistics.median(warm) / statistics.median(rdflib)
    first_median = statistics.median(first)
    print(f"command: {' '.join(command)}  ({args.runs} runs each, medians)")
    print(f"  python -c pass                 {statistics.median(bare) * 1000:7.1f} ms")
    print(f"  python -c 'import rdflib'      {statistics.median(rdflib) * 1000:7.1f} ms")
    print(f"  electionkg query (warm cache)  {statistics.median(warm) * 1000:7.1f} ms")
    verdict = "ok" if ratio <= WARM_RATIO_BUDGET else "OVER BUDGET"
    print(
        f"  ratio warm query / python -c pass  {ratio:.2f}  "
        f"(budget {WARM_RATIO_BUDGET:g}: {verdict})"
    )
    print(f"  ratio warm query / import rdflib   {rdflib_ratio:.2f}")
    verdict = "ok" if first_median <= FIRST_RUN_BUDGET_SECONDS else "OVER BUDGET"
    print(
        f"  first query after a data change   {first_median:.2f} s  ({args.first_runs} runs; "
        f"budget {FIRST_RUN_BUDGET_SECONDS:g} s: {verdict})"
    )
    return 0 if ratio <= WARM_RATIO_BUDGET and first_median <= FIRST_RUN_BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
