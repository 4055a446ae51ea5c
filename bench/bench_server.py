"""Load benchmark of `electionkg serve` on loopback, as a public deployment would see it.

    python bench/bench_server.py [--seconds 10] [--connections 16] [--threads 4] [--runs 3]

Starts the server as a subprocess on a free 127.0.0.1 port and measures, with wrk (Debian
`wrk`), gzip and ETags on (clients send ``Accept-Encoding: gzip``):

* start-up time; requests per second (median of the runs) for pages, an RDF document, a thing
  IRI (303) and a stored query at /sparql;
* under abuse: while one client sends 8 runaway queries (a 4-way cross product) and 4
  ``SERVICE`` calls to a tarpit (a listener that never answers), the page latency (p99, from
  wrk --latency), whether another client's fresh query is answered, how many connections the
  tarpit received (must be 0), and whether every query slot is free after the time limit.

Not part of the test suite. Exit 1 when start-up takes 2 s or more or an abuse check fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

STARTUP_BUDGET_SECONDS = 2.0
REPO = Path(__file__).resolve().parent.parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ABUSER, OTHER = "127.0.0.2", "127.0.0.3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], limit: float = 60) -> float:
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


def wrk(url: str, seconds: int, connections: int, threads: int, accept: str) -> tuple[float, float]:
    """(requests per second, p99 latency in ms)."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Accept: {accept}",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} failed responses\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    if rate is None or p99 is None:
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return float(rate.group(1)), float(p99.group(1)) * scale


def get(port: int, path: str, source: str, timeout: float = 30) -> tuple[int, str]:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers={"Accept": "text/csv"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class Tarpit:
    """Accepts connections and never answers; counts them."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.accepted = 0
        self.held: list[socket.socket] = []
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(connection)


def abuse(port: int, base: str, args: argparse.Namespace) -> bool:
    tarpit = Tarpit()
    outcomes: list[tuple[str, int, float]] = []

    def send(kind: str, query: str) -> None:
        started = time.perf_counter()
        status, _ = get(port, "/sparql?" + urllib.parse.urlencode({"query": query}), ABUSER)
        outcomes.append((kind, status, time.perf_counter() - started))

    service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{tarpit.port}/sparql> {{ ?s ?p ?o }} }}"
    attackers = [
        threading.Thread(target=send, args=("runaway", f"{RUNAWAY} # {n}")) for n in range(8)
    ]
    attackers += [threading.Thread(target=send, args=("SERVICE", service)) for _ in range(4)]
    started = time.perf_counter()
    for thread in attackers:
        thread.start()
    time.sleep(0.5)
    fresh = f"ASK {{ ?s ?p ?o }} # fresh {time.time()}"
    normal_started = time.perf_counter()
    normal_status, normal_body = get(
        port, "/sparql?" + urllib.parse.urlencode({"query": fresh}), OTHER
    )
    normal_seconds = time.perf_counter() - normal_started
    rate, p99 = wrk(
        base + "page/election/az-2024-presidential",
        min(args.seconds, 8),
        args.connections,
        args.threads,
        "text/html",
    )
    for thread in attackers:
        thread.join(60)
    slots = json.loads(urllib.request.urlopen(base + "health", timeout=5).read())[
        "busy_query_slots"
    ]
    print(f"under abuse (8 runaway queries + 4 SERVICE to a tarpit, from {ABUSER}):")
    print(f"  election page: {rate:.0f} requests/s, p99 {p99:.1f} ms")
    print(
        f"  a fresh query from {OTHER}: {normal_status} in {normal_seconds * 1000:.0f} ms "
        f"({normal_body.strip()[:40]!r})"
    )
    for kind in ("runaway", "SERVICE"):
        statuses = sorted(status for k, status, _ in outcomes if k == kind)
        slowest = max(seconds for k, _, seconds in outcomes if k == kind)
        print(f"  {kind}: statuses {statuses}, slowest answer {slowest:.1f} s")
    print(f"  connections the tarpit received: {tarpit.accepted}")
    after = time.perf_counter() - started
    print(f"  busy query slots afterwards: {slots} ({after:.1f} s after the start)")
    return p99 < 50 and normal_status == 200 and tarpit.accepted == 0 and slots == 0


def worker_cost(samples: int = 200) -> None:
    """The price of running queries in killable worker processes, in this process: a fresh
    small query through a worker vs. on the store directly, and forking a replacement."""
    from electionkg.web import sparql_endpoint
    from electionkg.web.publication import load_publication

    publication = load_publication("http://127.0.0.1:1/")
    endpoint = publication.endpoint
    through, direct = [], []
    for n in range(samples):
        text = f"ASK {{ ?s ?p ?o }} # {n}"
        started = time.perf_counter()
        endpoint.answer(sparql_endpoint.QueryJob(text, "application/sparql-results+json"))
        through.append(time.perf_counter() - started)
        started = time.perf_counter()
        bool(publication.store.query(text, use_default_graph_as_union=True))
        direct.append(time.perf_counter() - started)
    forks = []
    for _ in range(5):
        try:
            endpoint.answer(sparql_endpoint.QueryJob(RUNAWAY + f" # {time.time()}", None), 0.2)
        except sparql_endpoint.SparqlError:
            forks.append(endpoint.workers.last_replacement_seconds)
    endpoint.workers.close()
    print(
        f"worker cost: a fresh ASK through a worker {statistics.median(through) * 1000:.2f} ms, "
        f"on the store directly {statistics.median(direct) * 1000:.2f} ms (medians of {samples}); "
        f"killing and forking a worker {statistics.median(forks) * 1000:.1f} ms (median of 5)"
    )


def in_process(paths: list[str], calls: int = 3000) -> None:
    """Microseconds per request through the whole ASGI application (middleware included), no
    sockets: steadier than wrk on a shared machine, and what the server itself costs."""
    import asyncio

    from electionkg.web.app import create_app
    from electionkg.web.publication import load_publication

    app = create_app(load_publication("http://127.0.0.1:1/"))

    async def call(path: str) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 1),
            "headers": [(b"accept", b"text/html"), (b"accept-encoding", b"gzip")],
        }

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: object) -> None:
            return None

        await app(scope, receive, send)

    async def per_request(path: str) -> float:
        await call(path)
        started = time.perf_counter()
        for _ in range(calls):
            await call(path)
        return (time.perf_counter() - started) / calls * 1e6

    for path in paths:
        print(f"in process {path}: {asyncio.run(per_request(path)):.0f} us per request (gzip)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    worker_cost()
    in_process(
        [
            "/page/election/az-2024-presidential",
            "/page/person/ilham-aliyev",
            "/id/person/ilham-aliyev",
        ]
    )
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    sibling = Path(sys.executable).with_name("electionkg")  # this environment's, not PATH's
    electionkg = str(sibling) if sibling.exists() else shutil.which("electionkg") or "electionkg"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [electionkg, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        startup = wait_until_up(base + "health", process)
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
            runs = [
                wrk(url, args.seconds, args.connections, args.threads, accept)
                for _ in range(args.runs)
            ]
            print(
                f"{label}: median {statistics.median(r for r, _ in runs):.0f} requests/s, "
                f"p99 {statistics.median(p for _, p in runs):.1f} ms "
                f"({args.runs} runs of {args.seconds} s, {args.connections} connections, gzip)"
            )
        safe = abuse(port, base, args)
    finally:
        process.terminate()
        process.wait(10)
    return 1 if startup >= STARTUP_BUDGET_SECONDS or not safe else 0


if __name__ == "__main__":
    sys.exit(main())
