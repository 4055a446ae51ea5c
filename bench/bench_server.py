"""Load benchmark of `electionkg serve` on loopback: start-up time, and requests per second for
resource pages, RDF documents and a stored query at /sparql, measured with wrk (Debian `wrk`).

    python bench/bench_server.py [--seconds 10] [--connections 16] [--threads 4]

Starts the server as a subprocess on a free 127.0.0.1 port, measures the time until /health
answers, runs each wrk load for a bounded time, prints the medians of three runs, stops the
server. Not part of the test suite. Exit 1 when start-up takes 2 s or more.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

STARTUP_BUDGET_SECONDS = 2.0
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], limit: float = 30) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.01)
    raise SystemExit("the server did not answer in time")


def wrk(url: str, seconds: int, connections: int, threads: int, accept: str) -> float:
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "-H",
            f"Accept: {accept}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} failed responses\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if match is None:
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    return float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    sibling = Path(sys.executable).with_name("electionkg")  # this environment's, not PATH's
    electionkg = str(sibling) if sibling.exists() else shutil.which("electionkg") or "electionkg"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    process = subprocess.Popen(
        [electionkg, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base + "health", process)
        startup = time.perf_counter() - started
        print(f"start-up (process start to first /health answer): {startup:.2f} s")
        query = (REPO / "queries" / "winner.rq").read_text(encoding="utf-8")
        loads = [
            ("election page (HTML)", base + "page/election/az-2024-presidential", "text/html"),
            ("person page (HTML)", base + "page/person/ilham-aliyev", "text/html"),
            ("person document (Turtle)", base + "data/person/ilham-aliyev.ttl", "text/turtle"),
            ("thing IRI (303)", base + "id/person/ilham-aliyev", "text/turtle"),
            (
                "stored query `winner` at /sparql (JSON)",
                base + "sparql?" + urllib.parse.urlencode({"query": query}),
                "application/sparql-results+json",
            ),
        ]
        for label, url, accept in loads:
            rates = [
                wrk(url, args.seconds, args.connections, args.threads, accept)
                for _ in range(args.runs)
            ]
            print(
                f"{label}: median {statistics.median(rates):.0f} requests/s "
                f"({args.runs} runs of {args.seconds} s, {args.connections} connections)"
            )
    finally:
        process.terminate()
        process.wait(10)
    return 1 if startup >= STARTUP_BUDGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
