"""A minimal W3C WebDriver client (chromedriver from Debian, over HTTP with urllib): enough to
open a page in headless Chromium at a window size, run a script in it, and take a screenshot."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from live_server import free_port

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def available() -> bool:
    return bool(shutil.which("chromedriver")) and bool(
        shutil.which("chromium") or shutil.which("chromium-browser")
    )


class Browser:
    def __init__(self, url: str, session: str) -> None:
        self.url = url
        self.session = session

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/session/{self.session}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=90) as response:
            return json.loads(response.read())["value"]

    def size(self, width: int, height: int) -> None:
        self._call("POST", "/window/rect", {"width": width, "height": height})

    def open(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def run(self, script: str, *args: Any) -> Any:
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script: str, *args: Any) -> Any:
        return self._call("POST", "/execute/async", {"script": script, "args": list(args)})

    def wait_for(self, script: str, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.run(script)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for: {script}")

    def screenshot(self, path: Path, full_height: int | None = None) -> None:
        """A PNG of the viewport (or of ``full_height`` pixels, by resizing the window)."""
        data = self._call("GET", "/screenshot")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))


@contextmanager
def chromium() -> Iterator[Browser]:
    port = free_port()
    driver = subprocess.Popen(
        ["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url + "/status", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with tempfile.TemporaryDirectory(prefix="electionkg-webdriver-") as profile:
            capabilities = {
                "capabilities": {
                    "alwaysMatch": {
                        "browserName": "chrome",
                        "goog:chromeOptions": {
                            "args": [*CHROMIUM_ARGS, f"--user-data-dir={profile}"],
                            "binary": shutil.which("chromium") or shutil.which("chromium-browser"),
                        },
                    }
                }
            }
            request = urllib.request.Request(
                url + "/session",
                data=json.dumps(capabilities).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=90) as response:
                session = json.loads(response.read())["value"]["sessionId"]
            browser = Browser(url, session)
            try:
                yield browser
            finally:
                urllib.request.urlopen(
                    urllib.request.Request(f"{url}/session/{session}", method="DELETE"), timeout=30
                ).read()
    finally:
        driver.terminate()
        driver.wait(10)
