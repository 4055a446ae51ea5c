"""How the build and the stored queries scale with the size of the graph.

    python bench/bench_scale.py --sizes 10000,100000,1000000 --runs 3 --out out/scale

For each size, a synthetic graph is generated once (``bench/generate_graph.py``, cached under
``OUT/data-SIZE`` and reused), then every stage is timed ``--runs`` times, each run in a fresh
child process:

* ``parse``, ``reason``, ``validate``, ``store``: ``bench/scale_stages.py`` times the stage
  inside the child (setup excluded) and prints it as JSON;
* ``build``: the whole ``electionkg build --store DIR`` command, wall time;
* ``build-cache``: the whole ``electionkg build`` command (the N-Quads cache that the first
  ``query`` without ``--store`` writes), from an empty cache folder, wall time;
* ``query-cold:NAME`` for each stored query: ``electionkg query NAME --store DIR --format csv``
  in a new process, wall time;
* ``query-warm:NAME``: the median of repeated runs of what ``query NAME --store DIR`` does, in
  one process (``scale_stages.py``): the answer kept in the store (kept by the cold run);
* ``query-live:NAME``: the median of repeated evaluations of the query on the opened store
  (what ``--live`` does, and what any ad-hoc query costs).

Peak memory is the child's ``ru_maxrss`` as ``os.wait4`` reports it (the child and the children
it waited for, such as a forked validator), in MiB. The runner prints a table of medians, fits
the exponent of time against size per stage (least squares on log-log: 1 is linear, 2
quadratic), writes every run to ``OUT/results.csv`` and draws ``OUT/scale.svg``.

Why children and not in-process timing: each stage's memory peak must be its own, and warm
caches of an earlier stage must not flatter a later one. A stage whose code is not in the
installed package yet is recorded as ``unavailable`` and not tried again; a size whose build
takes longer than ``--timeout`` is recorded as ``timeout`` and larger sizes are skipped.
``--baseline`` measures today's path (rdflib, owlrl, pySHACL, the N-Quads cache) instead.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import generate_graph
import scale_stages

BENCH_DIR = Path(__file__).resolve().parent
CHILD_STAGES = ("parse", "reason", "validate", "store")
BUILD = "build"
BUILD_CACHE = "build-cache"
FIELDS = ("size", "triples", "stage", "run", "seconds", "peak_mib", "status", "detail")


@dataclass
class Outcome:
    """One run of one stage: ``status`` is ok, timeout, error or unavailable."""

    status: str
    seconds: float = math.nan
    peak_mib: float = math.nan
    detail: str = ""


@dataclass(frozen=True)
class Row:
    size: int
    triples: int
    stage: str
    run: int
    outcome: Outcome

    def as_csv(self) -> dict[str, object]:
        o = self.outcome
        return {
            "size": self.size,
            "triples": self.triples,
            "stage": self.stage,
            "run": self.run,
            "seconds": "" if math.isnan(o.seconds) else f"{o.seconds:.6f}",
            "peak_mib": "" if math.isnan(o.peak_mib) else f"{o.peak_mib:.1f}",
            "status": o.status,
            "detail": o.detail,
        }


def electionkg_command() -> list[str]:
    """The console script beside this Python (what a user runs), else the one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "electionkg"
    found = str(beside) if beside.is_file() else shutil.which("electionkg")
    if not found:
        sys.exit("electionkg is not installed: pip install -e .")
    return [found]


def run_child(command: Sequence[str], env: dict[str, str], timeout: float) -> tuple[Outcome, str]:
    """Run one child; wall time and peak RSS from ``os.wait4``; its stdout for the caller.

    ``Popen.wait`` would reap the child and lose its resource usage, so the child is waited for
    with ``os.wait4`` instead, after its output has been read (stderr goes to a file, so that
    neither pipe can fill up and block it).
    """
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env)
        assert child.stdout is not None
        try:
            stdout = _read_with_deadline(child, started + timeout)
        except TimeoutError:
            child.kill()
            os.wait4(child.pid, 0)
            child.returncode = -9
            return Outcome("timeout", time.perf_counter() - started, detail=f"> {timeout:g} s"), ""
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # KiB on Linux
        if child.returncode == scale_stages.UNAVAILABLE:
            return Outcome("unavailable", detail=_last_json(stdout).get("unavailable", "")), stdout
        if child.returncode != 0:
            stderr.seek(0)
            tail = stderr.read().decode(errors="replace").strip().splitlines()[-3:]
            return Outcome("error", wall, peak, f"exit {child.returncode}: {' | '.join(tail)}"), ""
        return Outcome("ok", wall, peak), stdout


def _read_with_deadline(child: subprocess.Popen[bytes], deadline: float) -> str:
    import selectors

    assert child.stdout is not None
    chunks = []
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            if not selector.select(left):
                continue
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:
                break
            chunks.append(chunk)
    child.stdout.close()
    return b"".join(chunks).decode(errors="replace")


def _last_json(stdout: str) -> dict[str, str]:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            loaded: dict[str, str] = json.loads(line)
            return loaded
    return {}


class Runner:
    """Runs the stages of one size, remembering which stages turned out unavailable."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.unavailable: set[str] = set()
        self.cli = electionkg_command()

    def env(self, data: Path, work: Path) -> dict[str, str]:
        env = dict(os.environ, ELECTIONKG_DATA=str(data), ELECTIONKG_CACHE_DIR=str(work / "cache"))
        if self.args.baseline:
            env[scale_stages.BASELINE_ENV] = "1"
        return env

    def stage(self, stage: str, data: Path, work: Path) -> Outcome:
        kind, _, query = stage.partition(":")
        env, timeout = self.env(data, work), self.args.timeout
        if kind in CHILD_STAGES or kind in ("query-warm", "query-live"):
            script = str(BENCH_DIR / "scale_stages.py")
            command = [sys.executable, script, kind, str(data), str(work)]
            command += [query] if query else []
            outcome, stdout = run_child(command, env, timeout)
            if outcome.status == "ok":  # the stage's own time, measured inside the child
                record = _last_json(stdout)
                outcome.seconds = float(record["seconds"])
                outcome.detail = str(record.get("detail", ""))
            return outcome
        store = work / scale_stages.STORE_DIR
        if kind == BUILD:
            shutil.rmtree(store, ignore_errors=True)
            if self.args.baseline:  # today's build: the cache that the first query writes
                shutil.rmtree(work / "cache", ignore_errors=True)
                code = "from electionkg.build import store; store.ensure_built()"
                command = [sys.executable, "-c", code]
            else:
                command = [*self.cli, "build", "--store", str(store)]
            outcome, _ = run_child(command, env, timeout)
            return _cli_unavailable(outcome)
        if kind == BUILD_CACHE:
            shutil.rmtree(work / "cache", ignore_errors=True)
            outcome, _ = run_child([*self.cli, "build"], env, timeout)
            return _cli_unavailable(outcome)
        params = scale_stages.query_arguments(data, query)
        command = [*self.cli, "query", query, "--format", "csv", *params]
        if not self.args.baseline:
            command += ["--store", str(store)]
        outcome, stdout = run_child(command, env, timeout)
        if outcome.status == "ok":
            outcome.detail = f"{max(stdout.count(chr(10)) - 1, 0)} rows"
        return _cli_unavailable(outcome)


def _cli_unavailable(outcome: Outcome) -> Outcome:
    """A usage error about ``build`` or ``--store``: the installed CLI predates the contract."""
    missing = ("invalid choice: 'build'", "unrecognized arguments: --store")
    if outcome.status == "error" and any(text in outcome.detail for text in missing):
        return Outcome("unavailable", detail="electionkg build, query --store: not in the CLI yet")
    return outcome


def stage_names(args: argparse.Namespace, queries: Sequence[str]) -> list[str]:
    """Every stage, in order, filtered by --stages and --skip-stage (``query-cold`` = all)."""
    names = [*CHILD_STAGES, BUILD, BUILD_CACHE]
    names += [f"query-cold:{q}" for q in queries] + [f"query-warm:{q}" for q in queries]
    names += [f"query-live:{q}" for q in queries]

    def matches(name: str, patterns: Sequence[str]) -> bool:
        return any(name == p or name.partition(":")[0] == p for p in patterns)

    if args.stages:
        names = [n for n in names if matches(n, args.stages)]
    return [n for n in names if not matches(n, args.skip_stage)]


def dataset(out: Path, size: int, seed: int) -> tuple[Path, int]:
    """The generated data root of one size (reused when it is there), and its triple count."""
    data = out / f"data-{size}"
    manifest = data / generate_graph.MANIFEST
    if manifest.is_file():
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        if recorded["requested_triples"] == size and recorded["seed"] == seed:
            return data, int(recorded["triples"])
    started = time.perf_counter()
    summary = generate_graph.generate(size, seed, data)
    print(f"generated {summary.triples} triples in {time.perf_counter() - started:.1f} s: {data}")
    return data, summary.triples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--query-runs",
        type=int,
        default=1,
        help="runs of the query stages (each warm run is already a median of repeats)",
    )
    parser.add_argument("--out", type=Path, default=Path("out/scale"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per child")
    parser.add_argument("--stages", type=_names, default=[], help="only these (comma-separated)")
    parser.add_argument("--skip-stage", type=_names, action="extend", default=[], help="repeatable")
    parser.add_argument("--baseline", action="store_true", help="measure today's build path")
    parser.add_argument(
        "--replot",
        type=Path,
        metavar="RESULTS_CSV",
        help="measure nothing: print the table and draw the plot (next to it) from a results.csv",
    )
    args = parser.parse_args(argv)
    if args.replot:
        return replot(args.replot)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    queries = sorted(path.stem for path in (BENCH_DIR.parent / "queries").glob("*.rq"))
    stages = stage_names(args, queries)
    runner = Runner(args)
    rows: list[Row] = []
    with open(args.out / "results.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        for size in sizes:
            data, triples = dataset(args.out, size, args.seed)
            work = args.out / f"work-{size}"
            work.mkdir(exist_ok=True)
            stop = run_size(runner, stages, size, triples, data, work, rows, writer, handle)
            if stop:
                print(f"build of {size} exceeded {args.timeout:g} s: larger sizes skipped")
                break
    report(rows, stages)
    write_svg(args.out / "scale.svg", rows, stages)
    print(f"wrote {args.out / 'results.csv'} and {args.out / 'scale.svg'}")
    return 0


def replot(results: Path) -> int:
    """The table and the plot of an earlier run, from its CSV."""
    rows = []
    with open(results, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            seconds = float(record["seconds"]) if record["seconds"] else math.nan
            peak = float(record["peak_mib"]) if record["peak_mib"] else math.nan
            outcome = Outcome(record["status"], seconds, peak, record["detail"])
            rows.append(
                Row(
                    int(record["size"]),
                    int(record["triples"]),
                    record["stage"],
                    int(record["run"]),
                    outcome,
                )  # fmt: skip
            )
    stages = list(dict.fromkeys(row.stage for row in rows))
    report(rows, stages)
    write_svg(results.with_name("scale.svg"), rows, stages)
    print(f"wrote {results.with_name('scale.svg')}")
    return 0


def run_size(
    runner: Runner,
    stages: Sequence[str],
    size: int,
    triples: int,
    data: Path,
    work: Path,
    rows: list[Row],
    writer: csv.DictWriter[str],
    handle: object,
) -> bool:
    """All runs of all stages of one size; True when its build timed out."""
    needs_store = any(s.startswith("query-") for s in stages) and BUILD not in stages
    if needs_store and not (work / scale_stages.STORE_DIR).is_dir():
        untimed = runner.stage(BUILD, data, work)  # the queries need a store, even unmeasured
        if untimed.status == "timeout":
            return True
        if untimed.status == "unavailable":
            runner.unavailable.add(BUILD)
    for run in range(1, runner.args.runs + 1):
        for stage in stages:
            kind = stage.partition(":")[0]
            if stage in runner.unavailable or kind in runner.unavailable:
                continue
            if kind.startswith("query-") and run > runner.args.query_runs:
                continue
            outcome = runner.stage(stage, data, work)
            row = Row(size, triples, stage, run, outcome)
            rows.append(row)
            writer.writerow(row.as_csv())
            getattr(handle, "flush")()  # noqa: B009 - keep partial results if interrupted
            shown = "" if math.isnan(outcome.seconds) else f"{outcome.seconds:9.3f} s"
            print(f"{size:>9} {stage:<36} run {run}: {outcome.status:<11} {shown} {outcome.detail}")
            if outcome.status == "unavailable":
                runner.unavailable.add(kind)  # the same code is missing for every query
            if outcome.status == "timeout" and stage == BUILD:
                return True
    return False


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


# --- report -------------------------------------------------------------------------------------


def medians(rows: Sequence[Row], stage: str) -> list[tuple[int, float, float]]:
    """(triples, median seconds, median peak MiB) per size, over the runs that succeeded."""
    by_size: dict[int, list[Outcome]] = {}
    for row in rows:
        if row.stage == stage and row.outcome.status == "ok":
            by_size.setdefault(row.triples, []).append(row.outcome)
    return [
        (triples, statistics.median(o.seconds for o in outcomes),
         statistics.median(o.peak_mib for o in outcomes))
        for triples, outcomes in sorted(by_size.items())
    ]  # fmt: skip


def exponent(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log y against log x: time ~ size ** slope."""
    usable = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(usable) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in usable)
    mean_y = statistics.fmean(y for _, y in usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread


def report(rows: Sequence[Row], stages: Sequence[str]) -> None:
    sizes = sorted({row.triples for row in rows})
    width = 36
    print()
    print(f"{'stage':<{width}}" + "".join(f"{size:>22}" for size in sizes) + "  exponent")
    print(f"{'':<{width}}" + "".join(f"{'median s / peak MiB':>22}" for _ in sizes))
    for stage in stages:
        cells = {triples: (s, m) for triples, s, m in medians(rows, stage)}
        statuses = {r.triples: r.outcome.status for r in rows if r.stage == stage}
        if not statuses:
            continue
        line = f"{stage:<{width}}"
        for size in sizes:
            if size in cells:
                seconds, mib = cells[size]
                line += f"{seconds:>12.3f} /{mib:>8.0f}"
            else:
                line += f"{statuses.get(size, '-'):>22}"
        slope = exponent([(size, s) for size, (s, _) in sorted(cells.items())])
        print(line + (f"  {slope:8.2f}" if slope is not None else ""))


PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
)  # fmt: skip
DASHES = ("", "6,3", "2,2", "8,3,2,3")


def write_svg(path: Path, rows: Sequence[Row], stages: Sequence[str]) -> None:
    """Two log-log panels, time and peak memory against size, one line per stage, a legend.

    The query stages are drawn as one line per kind (cold, warm, live): the slowest stored
    query at each size, and its memory (the CSV and the printed table have every query).

    Written by hand so that the benchmark needs nothing beyond the package (no matplotlib).
    """
    series = [(stage, medians(rows, stage)) for stage in stages if ":" not in stage]
    for kind in ("query-cold", "query-warm", "query-live"):  # one line each: the slowest query
        per_query = [medians(rows, stage) for stage in stages if stage.startswith(kind + ":")]
        sizes = sorted({p[0] for points in per_query for p in points})
        slowest = [
            max((p for points in per_query for p in points if p[0] == size), key=lambda p: p[1])
            for size in sizes
        ]
        series.append((f"{kind} (slowest query)", slowest))
    series = [(stage, points) for stage, points in series if points]
    panel_w, panel_h, margin, legend_w = 420, 300, 60, 240
    width = 2 * (panel_w + margin) + margin + legend_w
    height = panel_h + 2 * margin + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    panels = (("time (s)", 1), ("peak memory (MiB)", 2))
    for number, (label, column) in enumerate(panels):
        left = margin + number * (panel_w + margin)
        values = [p[column] for _, points in series for p in points]
        sizes = [p[0] for _, points in series for p in points]
        if not values:
            continue
        x0, x1 = _decades(sizes)
        y0, y1 = _decades(values)

        def sx(x: float, x0: int = x0, x1: int = x1, left: int = left) -> float:
            return left + (math.log10(x) - x0) / (x1 - x0) * panel_w

        def sy(y: float, y0: int = y0, y1: int = y1) -> float:
            return margin + panel_h - (math.log10(y) - y0) / (y1 - y0) * panel_h

        out.append(
            f'<rect x="{left}" y="{margin}" width="{panel_w}" height="{panel_h}" '
            'fill="none" stroke="black"/>'
        )
        for exp in range(x0, x1 + 1):
            x = sx(10.0**exp)
            out.append(f'<line x1="{x:.1f}" y1="{margin}" x2="{x:.1f}" '
                       f'y2="{margin + panel_h}" stroke="#ddd"/>')  # fmt: skip
            out.append(f'<text x="{x:.1f}" y="{margin + panel_h + 15}" '
                       f'text-anchor="middle">1e{exp}</text>')  # fmt: skip
        for exp in range(y0, y1 + 1):
            y = sy(10.0**exp)
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + panel_w}" y2="{y:.1f}" '
                       'stroke="#ddd"/>')  # fmt: skip
            out.append(f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">1e{exp}</text>')
        out.append(f'<text x="{left + panel_w / 2}" y="{margin + panel_h + 32}" '
                   'text-anchor="middle">triples (facts)</text>')  # fmt: skip
        out.append(f'<text x="{left + panel_w / 2}" y="{margin - 12}" text-anchor="middle" '
                   f'font-size="13">{label} against size, log-log</text>')  # fmt: skip
        for index, (_, points) in enumerate(series):
            colour, dash = PALETTE[index % len(PALETTE)], DASHES[index // len(PALETTE) % 4]
            coords = " ".join(f"{sx(p[0]):.1f},{sy(p[column]):.1f}" for p in points)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                       f'stroke-width="1.5" stroke-dasharray="{dash}"/>')  # fmt: skip
            out += [f'<circle cx="{sx(p[0]):.1f}" cy="{sy(p[column]):.1f}" r="2.5" '
                    f'fill="{colour}"/>' for p in points]  # fmt: skip
    legend_x = 2 * (panel_w + margin) + margin
    for index, (stage, _) in enumerate(series):
        y = margin + index * 14
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index // len(PALETTE) % 4]
        out.append(f'<line x1="{legend_x}" y1="{y}" x2="{legend_x + 24}" y2="{y}" '
                   f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')  # fmt: skip
        out.append(f'<text x="{legend_x + 30}" y="{y + 4}">{stage}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _decades(values: Sequence[float]) -> tuple[int, int]:
    """The whole decades around the values (at least one decade wide)."""
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values)))
    return low, max(high, low + 1)


if __name__ == "__main__":
    sys.exit(main())
