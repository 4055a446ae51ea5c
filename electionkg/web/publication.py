"""What the server publishes: the built store, rebased to the address served, and its caches.

Everything served comes from this in-memory store (rebased) or from pages generated from it:
no file is read from a request path, so nothing outside the dataset can leak. The data does not
change while serving, so rendered documents are cached, and the build's content key (a SHA-256
over the data folders and the code) is the version every ETag is made from.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from electionkg.rdf.serialise import Rebase, canonical_quads, serialise

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.web.sparql_endpoint import SparqlEndpoint

MAX_CACHED = 10_000


class Publication:
    """The rebased store and what is derived from it, built once."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        rebase: Rebase,
        version: str = "",
        allowed_services: Sequence[str] = (),
        built: float | None = None,
    ) -> None:
        from electionkg.web.sparql_endpoint import SparqlEndpoint

        self.store = store
        self.rebase = rebase
        self.version = version
        """The build's content key: the same data and code give the same documents."""
        self.built = built
        """When the build was made (seconds since the epoch): every document's Last-Modified."""
        self._dumps: dict[str, bytes] = {}
        self._cache: dict[tuple[str, ...], bytes | str] = {}
        self._lock = threading.Lock()
        self.started = time.time()
        self.endpoint: SparqlEndpoint = SparqlEndpoint(
            store, self.rdf, allowed_services=allowed_services
        )

    def cached(self, key: tuple[str, ...], make: Callable[[], bytes | str]) -> bytes | str:
        """A rendered page or document, made once: the data does not change while serving.

        Bounded by :data:`MAX_CACHED` entries (the seed graph has a few hundred resources)."""
        found = self._cache.get(key)
        if found is None:
            found = make()
            with self._lock:
                if len(self._cache) < MAX_CACHED:
                    self._cache[key] = found
        return found

    def dump(self, rdf_format: str) -> bytes:
        """The whole dataset (with the inferences, in their own named graph) in one format."""
        with self._lock:
            if rdf_format not in self._dumps:
                quads = canonical_quads(self.store)
                self._dumps[rdf_format] = serialise(quads, rdf_format)
            return self._dumps[rdf_format]

    def rdf(
        self, triples: list[Any], rdf_format: str, prefixes: dict[str, str] | None = None
    ) -> bytes:
        import pyoxigraph

        quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples]
        return serialise(canonical_quads(quads), rdf_format, self.rebase, prefixes)


def load_publication(base_url: str, allowed_services: Sequence[str] = ()) -> Publication:
    """The default store (built from the cache), rebased to ``base_url``."""
    from electionkg.build.store import BUILD_FILE, ensure_built, load_store

    rebase = Rebase(base_url)
    folder = ensure_built()
    built = (folder / BUILD_FILE).stat().st_mtime
    store = load_store(folder, inference=True, rewrite=rebase.nquads)
    return Publication(store, rebase, folder.name, allowed_services, built)
