"""A real browser (headless Chromium) renders the election page and a person page: the chart
and the highlighted quotes are there, without JavaScript. Screenshots go to out/screenshots/."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import running_server

REPO_ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO_ROOT / "out" / "screenshots"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)

pytestmark = pytest.mark.browser


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    executable = chromium()
    assert executable is not None
    with tempfile.TemporaryDirectory(prefix="electionkg-chromium-") as profile:
        return subprocess.run(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        (
            "election",
            "id/election/az-2024-presidential",
            ['class="results-chart"', "<rect", "<mark>"],
        ),
        ("person", "id/person/ilham-aliyev", ["<h1>Ilham Aliyev</h1>", "<mark>", "<blockquote>"]),
    ],
)
def test_chromium_renders_the_page_with_chart_and_quotes(
    base: str, name: str, path: str, expected: list[str]
) -> None:
    url = base + path  # the thing's IRI: the browser follows the 303 to the HTML page
    dom = _run_chromium("--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for fragment in expected:
        assert fragment in dom.stdout, f"{fragment!r} not rendered on the {name} page"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    result = _run_chromium(f"--screenshot={shot}", "--window-size=1280,2400", url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"\nscreenshot of the {name} page: {shot}")
