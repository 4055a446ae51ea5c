"""SPARQL queries run in worker processes that can be stopped.

pyoxigraph cannot cancel a query: a thread that runs one keeps running (and keeps its slot)
until the engine returns, which for a four-way cross product is never. So each query runs in
a worker process forked from the server (it shares the loaded store copy-on-write, nothing is
parsed again); at the time limit the worker is killed (SIGKILL), a fresh one is forked, and the
slot is free again. Workers are started on demand, at most ``size`` at once; a request that
finds every worker busy for ``wait`` seconds is told so (503 with ``Retry-After``).

A worker also has no network: right after the fork it moves into a new user and network
namespace (``unshare``) where no interface is up, so even a query that slipped past the
``SERVICE`` check could not open a connection. Where the kernel refuses namespaces the worker
runs without this second guard (the lexical ``SERVICE`` check stays), and says so in the log.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

ALARM_GRACE_SECONDS = 5
WORKER_NICENESS = 10
Job = tuple[Any, ...]
"""``(payload, time_limit)``: what the worker's ``run`` gets, and how long it may take."""
Outcome = tuple[Any, ...]
"""``("ok", value)`` or ``("error", status, message)``, as sent back by a worker."""


class WorkersBusy(Exception):
    """Every worker is running a query; the client should retry shortly."""


class WorkerLost(Exception):
    """The worker ended without an answer (killed from outside, out of memory)."""


class WorkerTimedOut(Exception):
    """The query ran past its time limit; its worker was killed and replaced."""


def isolate_from_network() -> bool:
    """Enter a new user and network namespace (no interface up); True when it worked."""
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0)


def _close_inherited_files(keep: int) -> None:
    """Close what the server had open (its listening socket, client connections)."""
    for name in os.listdir("/proc/self/fd"):
        descriptor = int(name)
        if descriptor > 2 and descriptor != keep:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _worker_main(connection: Connection, run: Callable[[Any], Outcome], offline: bool) -> None:
    # Not PR_SET_PDEATHSIG: it fires when the forking *thread* ends, and the server forks from
    # short-lived threads. The worker ends when the server's end of the pipe closes (EOF), and
    # a job cannot outlive its limit by more than a few seconds even if nobody kills it (alarm).
    _close_inherited_files(connection.fileno())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    os.nice(WORKER_NICENESS)  # a runaway query must not starve the pages
    if offline and not isolate_from_network():
        connection.send(("warning", "no network namespace: SERVICE is refused by the lexer only"))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        signal.alarm(int(job[1]) + ALARM_GRACE_SECONDS)  # SIGALRM ends the process
        try:
            outcome = run(job[0])
        except Exception as error:  # reported to the request, never a traceback
            outcome = ("error", 400, f"the query failed: {error}")
        signal.alarm(0)
        connection.send(outcome)


class _Worker:
    def __init__(self, run: Callable[[Job], Outcome], offline: bool) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, run, offline), name="electionkg-query", daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryWorkers:
    """A bounded set of query worker processes; :meth:`run` sends one job and waits."""

    def __init__(
        self,
        run: Callable[[Job], Outcome],
        size: int = 4,
        wait: float = 1.0,
        offline: bool = True,
    ) -> None:
        self._run = run
        self.size = size
        self.wait = wait
        self.offline = offline
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self.replaced = 0
        self.last_replacement_seconds = 0.0

    def run(self, job: Job, time_limit: float) -> Outcome:
        """The worker's outcome for ``job``; WorkersBusy, or WorkerTimedOut after ``time_limit``."""
        if not self._slots.acquire(timeout=self.wait):
            raise WorkersBusy()
        try:
            worker = self._take()
            try:
                worker.connection.send((job, time_limit))
                outcome = self._receive(worker, time_limit)
            except (OSError, EOFError):
                self._replace(worker)
                raise WorkerLost() from None
            if outcome is None:
                self._replace(worker)
                raise WorkerTimedOut()
            self._idle.put(worker)
            return outcome
        finally:
            self._slots.release()

    def _receive(self, worker: _Worker, time_limit: float) -> Outcome | None:
        deadline = time.monotonic() + time_limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.connection.poll(remaining):
                return None
            outcome: Outcome = worker.connection.recv()
            if outcome[0] != "warning":
                return outcome
            log.warning("electionkg query worker: %s", outcome[1])

    def _take(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return _Worker(self._run, self.offline)
            if worker.process.is_alive():
                return worker
            worker.stop()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker stuck in a query; the next request forks a fresh one (timed here)."""
        started = time.perf_counter()
        worker.stop()
        self._idle.put(_Worker(self._run, self.offline))
        self.last_replacement_seconds = time.perf_counter() - started
        self.replaced += 1

    def busy(self) -> int:
        """How many slots are taken now (for /health and the tests)."""
        return self.size - self._slots._value

    def close(self) -> None:
        """Stop every idle worker (busy ones are daemons and die with the server)."""
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
