"""The public pages in a real browser (headless Chromium through chromedriver): no page
overflows at 400 px, the election page fits in four screens at 1280 px, every link resolves,
YASGUI runs a stored query, and a page on another origin may query /sparql (CORS preflight).
Screenshots at 1280 and 400 px go to out/screenshots/ (not committed)."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import webdriver_client
from live_server import free_port, running_server

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"
PAGES = {
    "home": "",
    "election": "page/election/az-2024-presidential",
    "parliamentary": "page/election/az-2024-parliamentary",
    "person": "page/person/ilham-aliyev",
    "source": "page/source/000_2af81fb8c01dd542",
    "dataset": "dataset",
    "ontology": "ontology",
    "sparql": "sparql",
    "search": "search?q=aliyev",
}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver_client.Browser]:
    with webdriver_client.chromium() as chromium:
        yield chromium


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_overflows_and_each_is_screenshotted(
    base: str, browser: webdriver_client.Browser, name: str, width: int
) -> None:
    browser.size(width, 900)
    browser.open(base + PAGES[name])
    inner = browser.run("return window.innerWidth")
    scroll = browser.run("return document.documentElement.scrollWidth")
    height = browser.run("return document.documentElement.scrollHeight")
    assert scroll <= inner, f"{name} at {width} px: {scroll} px wide in a {inner} px window"
    shot = SCREENSHOTS / f"{name}-{width}.png"
    browser.size(width, min(height + 150, 8000))  # the whole page (up to 8,000 px)
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"\n{name} at {width} px: {height} px tall; screenshot {shot}")


def test_the_election_page_leads_with_the_answer_and_fits_in_four_screens(
    base: str, browser: webdriver_client.Browser
) -> None:
    browser.size(1280, 900)
    browser.open(base + PAGES["election"])
    screen = browser.run("return window.innerHeight")
    height = browser.run("return document.documentElement.scrollHeight")
    assert height <= 4 * screen, f"{height} px is more than four screens of {screen} px"
    first = browser.run(
        "return document.querySelector('main h1').nextElementSibling.nextElementSibling.textContent"
    )
    answer = browser.run("return document.querySelector('#answer').textContent")
    assert "Winner: Ilham Aliyev" in answer
    # Each report of the outcome, as the articles give it: 001 the commission's preliminary
    # data, 000 the early tallies, 002 Rossiyskaya Gazeta with no count stage.
    assert (
        "Outcome reports: preliminary, Central Election Commission of Azerbaijan (Seed 001); "
        "partial (Seed 000); count stage not stated, Rossiyskaya Gazeta ("
    ) in answer
    top = browser.run("return document.querySelector('#answer').getBoundingClientRect().top")
    assert top < screen / 2, f"the answer starts at {top} px ({first[:60]!r} comes first)"


def test_every_link_of_the_pages_resolves(base: str, browser: webdriver_client.Browser) -> None:
    checked: dict[str, int] = {}
    for path in PAGES.values():
        browser.open(base + path)
        for href in browser.run(
            "return [...document.querySelectorAll('a[href]')].map(a => a.href)"
        ):
            target = href.split("#")[0]
            if urlsplit(target).netloc != urlsplit(base).netloc or target in checked:
                continue
            try:
                with urllib.request.urlopen(target, timeout=30) as response:
                    checked[target] = response.status
            except urllib.error.HTTPError as error:
                checked[target] = error.code
    broken = {url: status for url, status in checked.items() if status >= 400}
    assert len(checked) > 50 and broken == {}


def test_yasgui_is_served_here_and_runs_a_stored_query(
    base: str, browser: webdriver_client.Browser
) -> None:
    if not (Path(__file__).resolve().parent.parent / "web-assets" / "node_modules").is_dir():
        pytest.fail("YASGUI is not installed: cd web-assets && npm ci (.ci/run does this)")
    browser.size(1280, 900)
    browser.open(base + "sparql")
    browser.wait_for("return document.getElementById('yasgui').dataset.ready === 'yes'")
    scripts = browser.run("return [...document.scripts].map(s => s.src).filter(Boolean)")
    assert scripts and all(src.startswith(base) for src in scripts), scripts  # no CDN
    tabs = browser.wait_for(
        "const n = document.querySelectorAll('[role=tab]').length; return n > 5 && n"
    )
    assert tabs > 5  # the stored queries, one tab each
    query = browser.run("return document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")
    assert query.startswith("# title:")
    browser.run("document.querySelector('.yasqe_queryButton').click()")
    rows = browser.wait_for(
        "const t = document.querySelectorAll('.yasr .dataTable tbody tr, .yasr table tbody tr');"
        "return t.length",
        timeout=30,
    )
    assert rows > 0
    browser.screenshot(SCREENSHOTS / "sparql-yasgui-1280.png")


class _OtherOrigin(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args: object) -> None:
        pass


def test_a_page_on_another_origin_queries_sparql_with_a_cors_preflight(
    base: str, browser: webdriver_client.Browser
) -> None:
    port = free_port()
    _OtherOrigin.page = b"<!DOCTYPE html><title>other origin</title>"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _OtherOrigin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.open(f"http://127.0.0.1:{port}/")
        # a POST with Content-Type application/sparql-query is not "simple": it needs a preflight
        result = browser.run_async(
            "const done = arguments[arguments.length - 1];"
            f"fetch('{urljoin(base, 'sparql')}', {{method: 'POST', headers: {{"
            "'Content-Type': 'application/sparql-query',"
            "'Accept': 'application/sparql-results+json'},"
            "body: 'ASK { ?s ?p ?o }'}).then(r => r.json()).then(j => done(String(j.boolean)),"
            "e => done('failed: ' + e));"
        )
        assert result == "true"
        data = browser.run_async(
            "const done = arguments[arguments.length - 1];"
            f"fetch('{urljoin(base, 'data/person/ilham-aliyev.jsonld')}').then(r => r.json())"
            ".then(j => done('ok'), e => done('failed: ' + e));"
        )
        assert data == "ok"
    finally:
        server.shutdown()
        server.server_close()  # the listening socket, or it leaks (warnings are errors)
