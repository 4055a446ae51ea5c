"""Starting the real server (uvicorn) on a free loopback port, in a thread, for a test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from electionkg.web.server import create_app, load_publication, server_options


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server() -> Iterator[str]:
    """Serve the dataset at ``http://127.0.0.1:{port}/`` until the block ends; yield that URL.

    With the settings of ``electionkg serve`` (its request deadline and connection limit)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    config = uvicorn.Config(
        create_app(load_publication(base)), **server_options("127.0.0.1", port), log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="electionkg-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)
