"""Push the three named graphs into a triplestore with the SPARQL 1.1 Graph Store HTTP Protocol.

The ontology, the facts and the OWL RL inferences go into the graphs ``namespaces.ONTOLOGY_GRAPH``,
``FACTS_GRAPH`` and ``INFERRED_GRAPH``, one ``PUT`` each, so loading twice leaves the same
triples (PUT replaces the graph). The bodies are read from the store's cache (``store.py``), so
what is loaded is what the embedded store answers from: validated, reasoned once.

Each product documents its own Graph Store endpoint (``store``; without it the server is asked
what it is, see :mod:`electionkg.remote.discovery`):

=========  =====================================================  =========================
store      PUT                                                    authentication
=========  =====================================================  =========================
fuseki     ``{server}/{dataset}/data?graph={iri}``                Basic or Digest, as asked
graphdb    ``{server}/repositories/{id}/rdf-graphs/service?graph=``  HTTP Basic
oxigraph   ``{server}/store?graph={iri}``                         none
virtuoso   ``{server}/sparql-graph-crud-auth?graph-uri={iri}``    HTTP Digest (the ``-auth`` path)
gsp        ``{endpoint}?graph={iri}`` (the URL as given)          Basic or Digest, as asked
=========  =====================================================  =========================

Blank nodes are scoped to one document, and each PUT is a document of its own. A blank node that
two graphs share (an inferred ``ekg:evidence`` pointing at an asserted evidence node) would
become two unrelated nodes on the server, so such nodes are replaced by Skolem IRIs under
:data:`GENID` (RDF 1.1 Concepts, section 3.5) in every graph; blank nodes that stay inside one
graph are left as they are.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from electionkg.errors import InputError
from electionkg.rdf import namespaces
from electionkg.remote.discovery import (
    guess_from_path,
    identify_store,
    only_dataset,
    only_repository,
)
from electionkg.remote.http_client import (
    Credentials,
    EndpointError,
    HttpRequest,
    check_endpoint_url,
    send,
)
from electionkg.remote.triplestores import DEFAULT_TIMEOUT_SECONDS, STORES

if TYPE_CHECKING:
    from electionkg.build.store import DataFolders


GENID = namespaces.BASE + ".well-known/genid/"
"""Namespace of the Skolem IRIs that replace blank nodes shared between graphs."""

GRAPHS = (
    ("ontology", namespaces.ONTOLOGY_GRAPH),
    ("facts", namespaces.FACTS_GRAPH),
    ("inferred", namespaces.INFERRED_GRAPH),
)
"""The named graphs, in loading order: short name and IRI."""

CONTENT_TYPE = "application/n-triples"

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class GraphPayload:
    """One named graph to upload: its short name, IRI, N-Triples body and triple count."""

    name: str
    iri: str
    ntriples: bytes
    triples: int


@dataclass(frozen=True)
class GraphStoreTarget:
    """Where and how to PUT graphs on one server."""

    store: str
    service: str
    """The Graph Store service URL, to which the graph parameter is appended."""
    graph_param: str
    auth_scheme: str
    not_found_hint: str

    def graph_url(self, iri: str) -> str:
        """The URL that names one graph (indirect graph identification)."""
        query = urllib.parse.urlencode({self.graph_param: iri})
        separator = "&" if "?" in self.service else "?"
        return f"{self.service}{separator}{query}"


@dataclass(frozen=True)
class LoadedGraph:
    """One graph replaced on the server."""

    name: str
    iri: str
    triples: int
    seconds: float


# --- what to load ----------------------------------------------------------------------------


def graph_payloads(inferred: bool = True, folders: DataFolders | None = None) -> list[GraphPayload]:
    """The named graphs of the cached build as N-Triples, shared blank nodes skolemised.

    Which blank nodes are shared is decided over all three graphs, with or without
    ``inferred``, so that the asserted graphs are the same bytes either way (a later load of
    the inferences then still meets the same Skolem IRIs).
    """
    from electionkg.build import store

    target = store.ensure_built(folders)
    # One document: one blank node scope, as in the embedded store.
    data = (target / store.ASSERTED_FILE).read_bytes() + (target / store.INFERRED_FILE).read_bytes()
    payloads = split_graphs(data)
    return [payload for payload in payloads if inferred or payload.name != "inferred"]


def split_graphs(nquads: bytes) -> list[GraphPayload]:
    """Split N-Quads into the ``GRAPHS``, skolemising the blank nodes two graphs share."""
    import pyoxigraph

    by_graph: dict[str, list[pyoxigraph.Quad]] = {iri: [] for _, iri in GRAPHS}
    for quad in pyoxigraph.parse(nquads, pyoxigraph.RdfFormat.N_QUADS):
        graph = quad.graph_name
        if not isinstance(graph, pyoxigraph.NamedNode) or graph.value not in by_graph:
            raise InputError(f"the cached build holds a quad outside the known graphs: {quad}")
        by_graph[graph.value].append(quad)
    seen_in: dict[str, set[str]] = {}
    for graph_iri, quads in by_graph.items():
        for quad in quads:
            for term in (quad.subject, quad.object):
                if isinstance(term, pyoxigraph.BlankNode):
                    seen_in.setdefault(term.value, set()).add(graph_iri)
    shared = {label for label, graphs in seen_in.items() if len(graphs) > 1}

    def skolem(term: Any) -> Any:
        if isinstance(term, pyoxigraph.BlankNode) and term.value in shared:
            return pyoxigraph.NamedNode(GENID + term.value)
        return term

    payloads = []
    for name, iri in GRAPHS:
        triples = [
            pyoxigraph.Triple(skolem(q.subject), q.predicate, skolem(q.object))
            for q in by_graph[iri]
        ]
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        payloads.append(GraphPayload(name, iri, body, len(triples)))
    return payloads


NQUADS_FILE = "electionkg.nq"
"""The file of :func:`write_graph_files` holding all the graphs at once, as N-Quads."""


def write_graph_files(folder: Path, payloads: Sequence[GraphPayload]) -> list[Path]:
    """Write the graphs for the bulk loaders of the README; return the files written.

    ``NAME.nt`` per graph, with ``NAME.nt.graph`` holding its IRI (as Virtuoso's ``ld_dir``
    reads it), for loaders that take a graph per file (``tdb2.tdbloader --graph``, ``oxigraph
    load --graph``); and all graphs in one N-Quads file, :data:`NQUADS_FILE` (GraphDB's
    ``importrdf``). Both carry the same Skolem IRIs.
    """
    import pyoxigraph

    written = []
    quads: list[pyoxigraph.Quad] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for payload in payloads:
            file = folder / f"{payload.name}.nt"
            file.write_bytes(payload.ntriples)
            (folder / f"{payload.name}.nt.graph").write_text(payload.iri + "\n", encoding="utf-8")
            written.append(file)
            graph = pyoxigraph.NamedNode(payload.iri)
            quads += (
                pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
                for t in pyoxigraph.parse(payload.ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
            )
        nquads = folder / NQUADS_FILE
        nquads.write_bytes(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b"")
        written.append(nquads)
    except OSError as error:
        raise InputError(f"{folder}: cannot write: {error.strerror or error}") from None
    return written


# --- where to load it ------------------------------------------------------------------------


def resolve_target(
    endpoint: str,
    store: str | None = None,
    *,
    dataset: str | None = None,
    repository: str | None = None,
    authenticated: bool = False,
) -> GraphStoreTarget:
    """The Graph Store service of ``endpoint`` for ``store``, without asking the server.

    ``endpoint`` may be the server's root URL or already the dataset, repository or service URL.
    When ``store`` is None, the URL's path decides (``discovery.guess_from_path``); the
    ``load`` command asks the server first (:func:`load_into_triplestore`).
    """
    url = check_endpoint_url(endpoint)
    if store is None:
        store = "graphdb" if repository else "fuseki" if dataset else guess_from_path(url)
    if store not in STORES:
        raise InputError(f"store={store}: unknown; use one of {', '.join(STORES)}")
    path = urllib.parse.urlsplit(url).path
    if store == "fuseki":
        return _fuseki_target(url, path, dataset)
    if store == "graphdb":
        return _graphdb_target(url, path, repository)
    if store == "oxigraph":
        root = url.removesuffix("/query").removesuffix("/update")
        service = url if path.endswith("/store") else f"{root}/store"
        hint = "check that the URL is the Oxigraph server's root (its Graph Store is /store)"
        return GraphStoreTarget("oxigraph", service, "graph", "none", hint)
    if store == "virtuoso":
        if "sparql-graph-crud" in path:
            service = url
        else:
            service = f"{url}/sparql-graph-crud{'-auth' if authenticated else ''}"
        hint = "check that the URL is the Virtuoso HTTP server's root (port 8890 by default)"
        return GraphStoreTarget("virtuoso", service, "graph-uri", "digest", hint)
    hint = (
        "check that the URL is the Graph Store service itself, or name the product with store=NAME"
    )
    return GraphStoreTarget("gsp", url, "graph", "challenge", hint)


_FUSEKI_SERVICES = ("sparql", "query", "update", "get", "upload")
"""Service names of a Fuseki dataset that a user may paste instead of the dataset URL."""


def _fuseki_target(url: str, path: str, dataset: str | None) -> GraphStoreTarget:
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) > 1 and segments[-1] in _FUSEKI_SERVICES:  # the query URL: its dataset
        url = url[: url.rindex("/")]
        segments = segments[:-1]
    if segments and segments[-1] == "data":
        service = url
        name = segments[-2] if len(segments) > 1 else "?"
    elif dataset:
        name = dataset.strip("/")
        service = f"{url}/{urllib.parse.quote(name)}/data"
    elif segments:
        name = segments[-1]
        service = f"{url}/data"
    else:
        raise InputError(
            f"endpoint={url}: Fuseki needs the dataset: give dataset=NAME or the dataset "
            "URL (http://host:3030/NAME)"
        )
    hint = f"check the dataset name ({name}) and that it has a Graph Store service named data"
    return GraphStoreTarget("fuseki", service, "graph", "challenge", hint)


def _graphdb_target(url: str, path: str, repository: str | None) -> GraphStoreTarget:
    segments = [segment for segment in path.split("/") if segment]
    if "repositories" in segments and len(segments) > segments.index("repositories") + 1:
        index = segments.index("repositories")
        name = segments[index + 1]
        root = url[: url.rindex("/repositories/")]
    elif repository:
        name, root = repository, url
    else:
        raise InputError(
            f"endpoint={url}: GraphDB needs the repository: give repository=ID or the "
            "repository URL (http://host:7200/repositories/ID)"
        )
    service = f"{root}/repositories/{urllib.parse.quote(name)}/rdf-graphs/service"
    hint = f"check the repository ID ({name}): GraphDB answers 404 for a repository it lacks"
    return GraphStoreTarget("graphdb", service, "graph", "basic", hint)


def plan_requests(
    target: GraphStoreTarget, payloads: Sequence[GraphPayload]
) -> list[tuple[GraphPayload, HttpRequest]]:
    """One PUT per graph, in order (the requests :func:`load_graphs` sends)."""
    headers = {"Content-Type": CONTENT_TYPE}
    return [
        (payload, HttpRequest("PUT", target.graph_url(payload.iri), headers, payload.ntriples))
        for payload in payloads
    ]


# --- loading ---------------------------------------------------------------------------------


def load_graphs(
    target: GraphStoreTarget,
    payloads: Sequence[GraphPayload],
    *,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> list[LoadedGraph]:
    """PUT each graph in turn; on a failure, say which graphs were already replaced.

    Progress is logged (INFO): a line before and after each graph.
    """
    if credentials is not None and target.auth_scheme != "none":
        credentials = Credentials(credentials.user, credentials.password, target.auth_scheme)
    loaded: list[LoadedGraph] = []
    for payload, request in plan_requests(target, payloads):
        size = len(payload.ntriples) / 1024
        _LOG.info(
            "replacing graph <%s> (%d triples, %.0f kB) ...", payload.iri, payload.triples, size
        )
        started = time.perf_counter()
        try:
            send(
                request,
                timeout=timeout,
                credentials=credentials,
                not_found_hint=target.not_found_hint,
                label=payload.name,
            )
        except EndpointError as error:
            done = ", ".join(graph.name for graph in loaded) or "none"
            left = ", ".join(p.name for p in payloads[len(loaded) :])
            raise EndpointError(
                f"{error} [replaced before the failure: {done}; not replaced: {left}]"
            ) from None
        seconds = time.perf_counter() - started
        loaded.append(LoadedGraph(payload.name, payload.iri, payload.triples, seconds))
        _LOG.info("  %s: replaced in %.2f s", payload.name, seconds)
    return loaded


def load_into_triplestore(
    endpoint: str,
    store: str | None = None,
    *,
    dataset: str | None = None,
    repository: str | None = None,
    credentials: Credentials | None = None,
    inferred: bool = True,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    folders: DataFolders | None = None,
) -> list[LoadedGraph]:
    """Everything ``electionkg load --endpoint`` does: find the service, read the graphs, PUT.

    Without ``store`` the server is asked what it is (:mod:`discovery`); a failure then says
    what the server was taken for and that ``store`` names the product. Progress is logged.
    """
    url = check_endpoint_url(endpoint)
    recognised, server_root = "", not urllib.parse.urlsplit(url).path
    if store is None and not dataset and not repository:
        found = identify_store(url, min(timeout or 10.0, 10.0))
        store, recognised = found.store, f"{found.store}, recognised by {found.evidence}"
        server_root = server_root or found.root == url
        if store == "graphdb" and "/repositories/" not in url + "/":
            url, repository = found.root or url, only_repository(found)
    if store == "fuseki" and not dataset and server_root:  # the server, not a dataset: which?
        dataset = only_dataset(url, min(timeout or 10.0, 10.0))
    target = resolve_target(
        url,
        store,
        dataset=dataset,
        repository=repository,
        authenticated=credentials is not None,
    )
    _LOG.info("loading into %s at %s", target.store, target.service)
    if recognised:
        _LOG.info("  (%s; store=NAME names another product)", recognised)
    payloads = graph_payloads(inferred, folders)
    try:
        return load_graphs(target, payloads, credentials=credentials, timeout=timeout)
    except EndpointError as error:
        if not recognised:
            raise
        raise EndpointError(
            f"{error} [the server was taken for {recognised}: if it is another product, "
            "name it with store=NAME]"
        ) from None
