"""Work in a thread of its own, handed back to the caller: the build's checks and every query.

The build validates and checks in threads while its main thread reasons; a query runs in a
thread so that the caller can stop waiting at its time limit. Both need the same two things:
the caller's context (the data root given by ``--data`` or a ``Project`` lives in a
ContextVar, which a new thread would not see), and an error handed back without the local
variables of the frames it went through (they may hold pyoxigraph query results, which must
not be dropped on another thread than the one that made them).
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
