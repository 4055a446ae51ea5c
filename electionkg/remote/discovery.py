"""Which triplestore product answers at a URL: asked of the server, never guessed from the port.

``electionkg load`` needs the product to find its Graph Store service. It is read, in order, from

1. the ``Server`` response header of a ``HEAD`` of the URL: Oxigraph sends ``Oxigraph/0.5.13``,
   Virtuoso ``Virtuoso/07.20.3229 (Linux) ...``, a development Fuseki ``Apache Jena Fuseki
   (5.x)``; Fuseki's own ``Fuseki-Request-Id`` header names it even when a release build hides
   its ``Server`` header;
2. the documented endpoints, each probed with a ``GET`` at the URL and at each shorter path of
   it (a server may live under a path such as ``/fuseki``): Fuseki's ``/$/ping`` (a liveness
   check answering the time) and GraphDB's ``/rest/repositories`` (a JSON list of repositories);
3. the shape of the URL the user gave (``/store``, ``/DATASET/data``, ``/repositories/ID``,
   ``/sparql-graph-crud``); else plain Graph Store Protocol at the URL as given.

An explicit ``store`` skips all of this. Probes send no credentials and a failing probe only
means "not this product": only a server that cannot be reached at all is an error.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import Message

from electionkg.errors import InputError
from electionkg.remote.http_client import EndpointError, HttpRequest, send

SERVER_NAMES = (
    ("oxigraph", "oxigraph"),
    ("virtuoso", "virtuoso"),
    ("fuseki", "fuseki"),
    ("graphdb", "graphdb"),
)
"""A word in the ``Server`` header, lower-cased, and the product it names."""

PROBE_TIMEOUT_SECONDS = 10.0
"""How long one probe may take (probes are tiny requests)."""


@dataclass(frozen=True)
class Identified:
    """The product, how it was recognised (for the progress line), and what the probe learnt."""

    store: str
    evidence: str
    root: str | None = None
    """The server's root URL when a probe of a documented endpoint found it."""
    names: tuple[str, ...] = field(default=())
    """GraphDB's repository ids, when its listing was read."""


def guess_from_path(url: str) -> str:
    """The product the URL's path names (``/store``, ``/data``, ...), else ``gsp``."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    if "/repositories/" in path + "/":
        return "graphdb"
    if path.endswith("/data"):
        return "fuseki"
    if path.endswith("/store"):
        return "oxigraph"
    if "sparql-graph-crud" in path:
        return "virtuoso"
    return "gsp"


def from_headers(headers: Message) -> tuple[str, str] | None:
    """The product named by a response's headers, and which header named it; else None."""
    if headers.get("Fuseki-Request-Id") is not None:
        return "fuseki", "its Fuseki-Request-Id header"
    server = " ".join(headers.get_all("Server") or []).strip()
    for word, store in SERVER_NAMES:
        if word in server.lower():
            return store, f"its Server header {server!r}"
    return None


def roots(url: str) -> list[str]:
    """The URL and every shorter path of it, down to the server's origin (longest first)."""
    parts = urllib.parse.urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    origin = f"{parts.scheme}://{parts.netloc}"
    return [origin + "".join(f"/{s}" for s in segments[:n]) for n in range(len(segments), -1, -1)]


def identify_store(url: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> Identified:
    """The product serving ``url`` (see the module's docstring for how it is recognised)."""
    headers = _head(url, timeout)
    named = from_headers(headers)
    if named is not None:
        return Identified(*named)
    for root in roots(url):
        ping = _get(f"{root}/$/ping", timeout)
        if ping is not None and (_is_timestamp(ping[1]) or from_headers(ping[0]) is not None):
            return Identified("fuseki", f"its ping at {root}/$/ping", root)
        listing = _get(f"{root}/rest/repositories", timeout)
        if listing is not None:
            names = _repository_ids(listing[1])
            if names is not None:
                evidence = f"its repository listing at {root}/rest/repositories"
                return Identified("graphdb", evidence, root, names)
    store = guess_from_path(url)
    if store != "gsp":
        return Identified(store, "the path of the URL")
    return Identified("gsp", "no product recognised: plain Graph Store Protocol at the URL")


def fuseki_datasets(root: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> tuple[str, ...] | None:
    """The dataset names of a Fuseki server (``GET /$/datasets``), or None if not readable."""
    answer = _get(f"{root}/$/datasets", timeout)
    if answer is None:
        return None
    try:
        listing = json.loads(answer[1])
        return tuple(str(ds["ds.name"]).strip("/") for ds in listing["datasets"])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError):
        return None


def only_dataset(root: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    """The name of a Fuseki server's only dataset; None if the listing is unreadable or empty.

    Several datasets are an error naming them: which one to replace is the user's choice.
    """
    return _only("Fuseki", "datasets", "dataset=NAME", root, fuseki_datasets(root, timeout))


def only_repository(found: Identified) -> str | None:
    """The id of a recognised GraphDB's only repository (None if unknown; several: an error)."""
    return _only("GraphDB", "repositories", "repository=ID", found.root or "", found.names)


def _only(
    product: str, kind: str, parameter: str, root: str, names: Sequence[str] | None
) -> str | None:
    if not names:
        return None
    if len(names) > 1:
        raise InputError(
            f"endpoint={root}: this {product} has {len(names)} {kind} "
            f"({', '.join(names)}): give {parameter}"
        )
    return names[0]


def _head(url: str, timeout: float) -> Message:
    """The headers of a HEAD of ``url`` whatever its status; only unreachable is an error."""
    try:
        request = urllib.request.Request(url, method="HEAD")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            return headers
    except urllib.error.HTTPError as error:
        error.close()
        return error.headers
    except (urllib.error.URLError, OSError, ValueError):
        # Let the ordinary client word the failure (refused, unresolvable, timed out, ...).
        send(HttpRequest("HEAD", url, {}), timeout=timeout)
        raise EndpointError(f"HEAD {url}: no answer") from None  # pragma: no cover


def _get(url: str, timeout: float) -> tuple[Message, bytes] | None:
    """A 2xx answer of a small GET (at most 1 MB read), or None for any failure."""
    try:
        request = urllib.request.Request(url, headers={"Accept": "application/json, */*;q=0.5"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.headers, response.read(1 << 20)
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _is_timestamp(body: bytes) -> bool:
    """Fuseki's ping answers the current time, e.g. ``2024-05-01T10:00:00.123+00:00``."""
    import re

    return re.fullmatch(rb"\s*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^\s]*\s*", body) is not None


def _repository_ids(body: bytes) -> tuple[str, ...] | None:
    """The ``id`` of each repository in GraphDB's listing, or None if it is not one.

    GraphDB answers a JSON array of repositories (``id``, ``title``, ``uri``, ...); newer
    Workbench versions group such arrays by location in an object: both are read.
    """
    try:
        listing = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    groups = list(listing.values()) if isinstance(listing, dict) and listing else [listing]
    ids: list[str] = []
    for group in groups:
        if not isinstance(group, list) or not all(
            isinstance(item, dict) and isinstance(item.get("id"), str) for item in group
        ):
            return None
        ids += (item["id"] for item in group)
    return tuple(ids)
