"""Real triplestores for the tests: started on free loopback ports, always stopped again.

``OxigraphServer`` runs ``oxigraph serve`` (PyPI ``oxigraph``, the ``test`` extra) and
``VirtuosoServer`` runs Debian's ``virtuoso-t`` with a configuration written into a temporary
folder. Both bind 127.0.0.1 only; start-up waits are bounded; ``stop`` terminates the process
the test started (by its handle), then kills it if it does not exit.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import pyoxigraph
from query_results import Row, multiset

from electionkg.remote.endpoint import answer_remote_query
from electionkg.sparql.lexer import tokenize

START_TIMEOUT = 60.0
"""Seconds a server may take to answer its first request."""

LocalServer = TypeVar("LocalServer", bound=ThreadingHTTPServer)


@contextmanager
def threaded_servers() -> Iterator[Callable[[LocalServer], LocalServer]]:
    """A function that serves a test's fake server in a thread; all are shut down at the end."""
    started: list[ThreadingHTTPServer] = []

    def start(server: LocalServer) -> LocalServer:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.shutdown()
            server.server_close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_command() -> str | None:
    """The ``oxigraph`` executable: beside this Python (a virtualenv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def virtuoso_commands() -> tuple[str, str] | None:
    """Debian's Virtuoso server and its isql client, or None if either is missing."""
    server = shutil.which("virtuoso-t")
    client = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, client) if server and client else None


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {START_TIMEOUT:g} s")


class _Server:
    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        """Terminate the process this object started; kill it after 20 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class OxigraphServer(_Server):
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` (optionally union default graph)."""

    def __init__(
        self, folder: Path, union_default_graph: bool = False, read_only_store: Path | None = None
    ) -> None:
        """A server of a new store in ``folder/db``, or of ``read_only_store`` (read-only)."""
        command = oxigraph_command()
        assert command, "the oxigraph server is not installed (pip install '.[test]')"
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.root}/query"
        args = [
            command,
            "serve" if read_only_store is None else "serve-read-only",
            "--location",
            str(folder / "db" if read_only_store is None else read_only_store),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        if union_default_graph:
            args.append("--union-default-graph")
        self.log = folder / "oxigraph.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_answering(f"{self.query_url}?query=ASK%7B%7D", self.process, self.log)
        except BaseException:
            self.stop()
            raise


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {load_dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""
"""A minimal Virtuoso configuration: loopback ports, files in one folder, ld_dir allowed there."""


class VirtuosoServer(_Server):
    """``virtuoso-t +foreground +configfile INI`` on a fresh database (DBA password ``dba``)."""

    def __init__(self, folder: Path, load_dir: Path) -> None:
        commands = virtuoso_commands()
        assert commands, "Virtuoso is not installed (apt-get install virtuoso-opensource)"
        server, self.isql_command = commands
        db = folder / "db"
        db.mkdir(parents=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.root = f"http://127.0.0.1:{self.http_port}"
        self.query_url = f"{self.root}/sparql"
        ini = folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(
                db=db, sql_port=self.sql_port, http_port=self.http_port, load_dir=load_dir
            ),
            encoding="utf-8",
        )
        self.log = folder / "virtuoso.out"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [server, "+foreground", "+configfile", str(ini)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=folder,
            )
        try:
            _wait_until_answering(f"{self.query_url}?query=ASK%7B%7D", self.process, self.log)
        except BaseException:
            self.stop()
            raise

    def isql(self, statements: str, timeout: float = 120) -> str:
        """Run SQL statements as dba with isql; the output (raises on a failing exit)."""
        run = subprocess.run(
            [self.isql_command, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if run.returncode != 0 or "*** Error" in run.stdout + run.stderr:
            raise RuntimeError(f"isql failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
        return run.stdout


def remote_answer(
    endpoint: str,
    name: str,
    params: dict[str, str],
    default_graphs: tuple[str, ...] = (),
    server_default_graph: bool = False,
) -> tuple[list[str], Counter[Row]]:
    """A stored query's variables and multiset of rows, through ``query --endpoint`` (JSON).

    By default the query names the dataset's three graphs, as the command does.
    """
    output = answer_remote_query(
        name,
        [f"{key}={value}" for key, value in params.items()],
        endpoint=endpoint,
        result_format="json",
        default_graphs=default_graphs,
        server_default_graph=server_default_graph,
    )
    results = pyoxigraph.parse_query_results(output.body, pyoxigraph.QueryResultsFormat.JSON)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    variables = [variable.value for variable in results.variables]
    solutions = [{v: solution[v] for v in variables} for solution in results]
    return variables, multiset(variables, solutions)


def with_dataset(text: str, graphs: Sequence[str]) -> str:
    """The query with ``FROM <g>`` per graph before its (outermost, first) ``WHERE``: the
    dataset ``default-graph-uri`` asks for (SPARQL 1.1 Protocol 2.1.4), for an engine run
    without the protocol (``tdb2.tdbquery``)."""
    where = next(t for t in tokenize(text) if t.kind == "word" and t.text.upper() == "WHERE")
    clauses = "".join(f"FROM <{graph}> " for graph in graphs)
    return text[: where.start] + clauses + text[where.start :]
