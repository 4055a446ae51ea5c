"""The default store: ontology, facts and their OWL RL inferences, built once and cached.

Building (parse, validate, reason) takes seconds and needs rdflib, pySHACL and owlrl; answering a
query needs none of them. So the built dataset is cached as N-Quads, keyed on the content of
ontology/, graph/ and shapes/ (:func:`content_key`), and a query only hashes those folders, reads
the cached file and loads it into an in-memory pyoxigraph store (milliseconds).

Cache layout, under :func:`cache_root`::

    <key>/asserted.nq   the ontology and the facts, as two named graphs
                        (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH)
    <key>/inferred.nq   the inferences, in the named graph namespaces.INFERRED_GRAPH
    <key>/build.json    what was built from what: counts, seconds, versions

A key folder is written under a temporary name and renamed into place, so a crash or a
concurrent build never leaves a half-written cache; any change to a data file gives a new key,
so nothing stale is ever served. Only the most recent :data:`KEEP_BUILDS` builds are kept.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from electionkg import namespaces, paths
from electionkg.errors import InputError, InvalidDataError

if TYPE_CHECKING:
    from collections.abc import Callable

    import pyoxigraph
    from rdflib import Graph

# Answering a query imports only what ``open_default_store`` needs (a warm query has a budget
# of a few tens of milliseconds); the modules of the build path are imported where they are used.
try:  # CPython's own SHA-256: importing hashlib would first load OpenSSL (2-3 ms)
    from _sha256 import sha256  # Python 3.10, 3.11
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256

CACHE_DIR_ENV = "ELECTIONKG_CACHE_DIR"
"""Environment variable naming the cache folder (default: $XDG_CACHE_HOME/electionkg)."""

CACHE_FORMAT = "1"
"""Bumped when the layout or the content of a cached build changes meaning."""

ASSERTED_FILE = "asserted.nq"
INFERRED_FILE = "inferred.nq"
BUILD_FILE = "build.json"
KEEP_BUILDS = 4
"""How many cached builds to keep (one per distinct state of the data folders)."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUILD_CODE = ("store.py", "loading.py", "reasoning.py")
"""Modules whose code shapes a build: hashed into the key, so that changing them rebuilds."""


class DataFolders(NamedTuple):
    """The three folders a build reads."""

    ontology: Path
    graph: Path
    shapes: Path

    @classmethod
    def default(cls) -> DataFolders:
        """The project's folders (``paths``; ``$ELECTIONKG_DATA`` moves them all)."""
        return cls(paths.ontology_dir(), paths.graph_dir(), paths.shapes_dir())

    @classmethod
    def under(cls, root: Path) -> DataFolders:
        """``root/ontology``, ``root/graph`` and ``root/shapes``."""
        return cls(root / "ontology", root / "graph", root / "shapes")


def content_key(folders: DataFolders | None = None) -> str:
    """SHA-256 over the names and bytes of every file in the three folders and of the build code.

    Files are named relative to their folder (the checkout can move without a rebuild); hidden
    files (editor swap files, ``.DS_Store``) are ignored. A missing folder is part of the key
    too, so that creating it rebuilds.
    """
    folders = folders or DataFolders.default()
    digest = sha256(f"electionkg cache {CACHE_FORMAT}\0".encode())
    for module in _BUILD_CODE:
        _hash_file(digest, f"code/{module}", _PACKAGE_DIR / module)
    for label, folder in zip(DataFolders._fields, folders, strict=True):
        if not folder.is_dir():
            digest.update(f"{label}: missing\0".encode())
            continue
        for relative, file in _files_under(folder):
            _hash_file(digest, f"{label}/{relative}", file)
    return digest.hexdigest()


def cache_root() -> Path:
    """``$ELECTIONKG_CACHE_DIR``, or ``$XDG_CACHE_HOME/electionkg``, or ``~/.cache/electionkg``."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "electionkg"


def build_folder(folders: DataFolders | None = None) -> Path:
    """Where the build of the current content of ``folders`` is (or will be) cached."""
    return cache_root() / content_key(folders)


def is_built(target: Path) -> bool:
    """Whether the cache folder ``target`` is complete (written last, renamed into place)."""
    return (target / BUILD_FILE).is_file()


def ensure_built(
    folders: DataFolders | None = None, on_build: Callable[[], object] | None = None
) -> Path:
    """The cache folder of the current data, building it first if it is missing.

    ``on_build`` is called before a build starts (the command line quiets library logging then,
    which a cache hit never needs).
    """
    folders = folders or DataFolders.default()
    target = build_folder(folders)
    if not is_built(target):
        if on_build:
            on_build()
        build(folders, target)
    return target


def open_default_store(
    inference: bool = True,
    folders: DataFolders | None = None,
    on_build: Callable[[], object] | None = None,
) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store with the ontology, the facts and (by default) the inferences.

    Each part is a named graph; query it with ``use_default_graph_as_union=True`` so that the
    default graph is their union. Raises InvalidDataError (the data fails a check) or InputError
    (a file cannot be read or parsed) when the cache has to be built and the build fails.
    """
    return load_store(ensure_built(folders, on_build), inference=inference)


def load_store(target: Path, inference: bool = True) -> pyoxigraph.Store:
    """Load one cache folder into a new in-memory store (about 5 ms for 4,000 triples)."""
    import pyoxigraph

    data = (target / ASSERTED_FILE).read_bytes()
    if inference:
        # One document, so that a blank node shared by an asserted and an inferred triple stays
        # one node: pyoxigraph gives blank nodes fresh identifiers on every load.
        data += (target / INFERRED_FILE).read_bytes()
    store = pyoxigraph.Store()
    store.load(data, pyoxigraph.RdfFormat.N_QUADS, lenient=True)  # our own, already checked
    return store


def build(folders: DataFolders, target: Path) -> None:
    """Parse, validate, reason and write one cache folder (atomically) at ``target``.

    Validation (pySHACL) and reasoning (owlrl) are independent and each takes a second or more,
    so where the platform can fork, validation runs in a child process meanwhile.
    """
    import json
    import time

    from electionkg import __version__
    from electionkg.loading import load_turtle_folder
    from electionkg.reasoning import InconsistentDataError, materialise_inferences

    started = time.perf_counter()
    ontology = load_turtle_folder(folders.ontology)
    facts = load_turtle_folder(folders.graph)
    shapes = load_turtle_folder(folders.shapes)
    validation = _start_validation(ontology + facts, shapes)
    inferred: Graph | None = None
    inconsistency = None
    try:
        inferred = materialise_inferences(facts, ontology)
    except InconsistentDataError as error:
        inconsistency = str(error)
    finally:
        conforms, report = validation()
    if not conforms:
        raise InvalidDataError(
            "the data does not conform to the shapes, so it is not served "
            "(`electionkg validate` shows the same report):\n" + report
        )
    if inconsistency or inferred is None:
        raise InvalidDataError(inconsistency or "the reasoner failed")

    asserted = _to_nquads(ontology, namespaces.ONTOLOGY_GRAPH) + _to_nquads(
        facts, namespaces.FACTS_GRAPH
    )
    manifest = {
        "key": target.name,
        "electionkg": __version__,
        "cache_format": CACHE_FORMAT,
        "triples": {"ontology": len(ontology), "facts": len(facts), "inferred": len(inferred)},
        "seconds": round(time.perf_counter() - started, 3),
    }
    _write_atomically(
        target,
        {
            ASSERTED_FILE: asserted,
            INFERRED_FILE: _to_nquads(inferred, namespaces.INFERRED_GRAPH),
            BUILD_FILE: (json.dumps(manifest, indent=2) + "\n").encode(),
        },
    )


def _validate(data: Graph, shapes: Graph) -> dict[str, object]:
    from electionkg.validation import validate

    try:
        report = validate(data, shapes)
    except InputError as error:  # the shapes cannot be used
        return {"input_error": str(error)}
    return {"conforms": report.conforms, "report": report.format_text()}


def _start_validation(data: Graph, shapes: Graph) -> Callable[[], tuple[bool, str]]:
    """Start validating; the returned function waits for the outcome (conforms, report text).

    With ``os.fork`` the child validates and sends the outcome as JSON through a pipe; if the
    child dies without an answer, the parent validates itself (and so shows the real error).
    """

    import json
    import sys

    def outcome(result: dict[str, object]) -> tuple[bool, str]:
        if "input_error" in result:
            raise InputError(str(result["input_error"]))
        return bool(result["conforms"]), str(result["report"])

    if not hasattr(os, "fork"):
        result = _validate(data, shapes)
        return lambda: outcome(result)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child process
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(json.dumps(_validate(data, shapes)).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> tuple[bool, str]:
        with os.fdopen(read_end, "rb") as pipe:
            answer = pipe.read()
        os.waitpid(child, 0)
        return outcome(json.loads(answer) if answer else _validate(data, shapes))

    return wait


def _files_under(folder: Path) -> list[tuple[str, Path]]:
    found = []
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        for name in files:
            if not name.startswith("."):
                file = Path(directory, name)
                found.append((file.relative_to(folder).as_posix(), file))
    return sorted(found)


def _hash_file(digest: Any, name: str, file: Path) -> None:
    content = file.read_bytes()
    digest.update(f"{name}\0{len(content)}\0".encode())
    digest.update(content)


def _to_nquads(graph: Graph, graph_name: str) -> bytes:
    """The triples of an rdflib graph as N-Quads in one named graph (pyoxigraph writes them)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    def resource(node: object) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode:
        if isinstance(node, URIRef):
            return pyoxigraph.NamedNode(str(node))
        if isinstance(node, BNode):
            return pyoxigraph.BlankNode(str(node))
        raise ValueError(f"{node!r} cannot be a subject or predicate")

    def term(node: object) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
        if not isinstance(node, Literal):
            return resource(node)
        if node.language:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype:
            return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(node.datatype))
        return pyoxigraph.Literal(str(node))

    name = pyoxigraph.NamedNode(graph_name)
    quads = []
    for s, p, o in graph:
        try:
            if not isinstance(p, URIRef):
                raise ValueError("a predicate must be an IRI")
            quads.append(pyoxigraph.Quad(resource(s), pyoxigraph.NamedNode(p), term(o), name))
        except (ValueError, TypeError) as error:  # an IRI or language tag rdflib let through
            raise InputError(
                f"cannot store the triple {s.n3()} {p.n3()} {o.n3()}: {error}"
            ) from None
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) or b""


def _write_atomically(target: Path, files: dict[str, bytes]) -> None:
    import shutil
    import tempfile

    root = target.parent
    scratch: Path | None = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name[:16]}.", dir=root))
        for name, content in files.items():
            (scratch / name).write_bytes(content)
        try:
            scratch.rename(target)
        except OSError:
            if not (target / BUILD_FILE).is_file():  # a broken leftover, not a concurrent build
                shutil.rmtree(target, ignore_errors=True)
                scratch.rename(target)
    except OSError as error:
        raise InputError(
            f"cannot write the cache in {root}: {error.strerror or error} "
            f"(set {CACHE_DIR_ENV} to a writable folder)"
        ) from None
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    _prune(root, keep=target)


def _prune(root: Path, keep: Path) -> None:
    """Remove all but the newest KEEP_BUILDS builds, and scratch folders older than an hour."""
    import shutil
    import time

    now = time.time()
    builds = []
    for entry in root.iterdir():
        try:
            modified = entry.stat().st_mtime
        except OSError:
            continue
        if entry.name.startswith(".") and now - modified > 3600:
            shutil.rmtree(entry, ignore_errors=True)
        elif len(entry.name) == 64 and entry != keep and (entry / BUILD_FILE).is_file():
            builds.append((modified, entry))
    for _, old in sorted(builds, reverse=True)[KEEP_BUILDS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
