"""Work in a thread (or a child process) of its own, handed back to the caller: the build's
checks and every query.

The build validates and checks in threads while its main thread reasons; a query runs in a
thread so that the caller can stop waiting at its time limit. Both need the same two things:
the caller's context (the data root given by ``--data`` or a ``Project`` lives in a
ContextVar, which a new thread would not see), and an error handed back without the local
variables of the frames it went through (they may hold pyoxigraph query results, which must
not be dropped on another thread than the one that made them).

Python code holds the GIL, so work that is mostly Python (the build's gate) waits for the
other threads' Python. :class:`InChildProcess` runs it in a forked child instead, where it has a
core of its own; the child shares the parent's memory (the store) copy-on-write and sends back
its value, pickled.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class InThread(Generic[T]):
    """``function()`` started in a daemon thread; ``result()`` waits for (its value, seconds)
    or raises what it raised."""

    def __init__(self, function: Callable[[], T], name: str) -> None:
        self._outcome: dict[str, Any] = {}

        def run() -> None:
            started = time.perf_counter()
            try:
                self._outcome["value"] = function()
            except BaseException as error:  # re-raised by result(), on the calling thread
                clear_frames(error)
                self._outcome["error"] = error
            self._outcome["seconds"] = time.perf_counter() - started

        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(run,), name=name, daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> bool:
        """Wait at most ``timeout`` seconds (None: no limit); whether the work has finished."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def result(self) -> tuple[T, float]:
        self._thread.join()
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["value"], self._outcome["seconds"]


def can_fork() -> bool:
    """Whether :class:`InChildProcess` can run here (POSIX ``fork``)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


class InChildProcess(Generic[T]):
    """``function()`` started in a forked child process; ``result()`` waits for (its value,
    seconds) or raises what it raised. The value and the error must pickle (an error that does
    not is raised as a RuntimeError with its message). Start it before any other thread of
    this process, so that the child copies no lock another thread holds."""

    def __init__(self, function: Callable[[], T], name: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)

        def run() -> None:
            started = time.perf_counter()
            try:
                outcome: tuple[str, Any] = ("value", function())
            except BaseException as error:  # re-raised by result(), in the parent
                clear_frames(error)
                outcome = ("error", error)
            seconds = time.perf_counter() - started
            try:
                send.send((*outcome, seconds))
            except Exception:  # an error that does not pickle: its message does
                send.send(("error", RuntimeError(str(outcome[1])), seconds))
            send.close()

        self._process = context.Process(target=run, name=name, daemon=True)
        self._process.start()
        send.close()

    def result(self) -> tuple[T, float]:
        try:
            kind, payload, seconds = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(
                f"the {self._process.name} process ended without an answer "
                f"(exit code {self._process.exitcode})"
            ) from None
        finally:
            self._receive.close()
        self._process.join()
        if kind == "error":
            raise payload
        value: T = payload
        return value, seconds


def clear_frames(error: BaseException | None) -> None:
    """Drop the local variables of the frames an error (and those it chains) went through,
    on the thread that made them. File and line of each frame stay for the traceback."""
    import traceback  # imported when an error happens: a warm query need not load it

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        clear_frames(error.__cause__)
        error = error.__context__
