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
from typing import TYPE_CHECKING, Any

from electionkg.build.cache_key import CACHE_FORMAT, content_key
from electionkg.config import CACHE_DIR_ENV, cache_root
from electionkg.errors import InputError
from electionkg.paths import DataFolders as DataFolders  # re-exported: DataFolders moved

if TYPE_CHECKING:
    from collections.abc import Callable

    import pyoxigraph

    from electionkg.build.pipeline import BuildReport

# Answering a query imports only what ``open_default_store`` needs (a warm query has a budget
# of a few tens of milliseconds); the modules of the build path are imported where they are used.

ASSERTED_FILE = "asserted.nq"
INFERRED_FILE = "inferred.nq"
BUILD_FILE = "build.json"
KEEP_BUILDS = 4
"""How many cached builds to keep (one per distinct state of the data folders)."""


def build_folder(folders: DataFolders | None = None) -> Path:
    """Where the build of the current content of ``folders`` is (or will be) cached."""
    return cache_root() / content_key(folders)


def is_built(target: Path) -> bool:
    """Whether the cache folder ``target`` is complete (written last, renamed into place)."""
    return (target / BUILD_FILE).is_file()


def ensure_built(folders: DataFolders | None = None) -> Path:
    """The cache folder of the current data, building it first if it is missing."""
    folders = folders or DataFolders.default()
    target = build_folder(folders)
    if not is_built(target):
        build(folders, target)
    return target


def open_default_store(
    inference: bool = True, folders: DataFolders | None = None
) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store with the ontology, the facts and (by default) the inferences.

    Each part is a named graph; query it with ``use_default_graph_as_union=True`` so that the
    default graph is their union. Raises InvalidDataError (the data fails a check) or InputError
    (a file cannot be read or parsed) when the cache has to be built and the build fails.
    """
    return load_store(ensure_built(folders), inference=inference)


def load_store(
    target: Path, inference: bool = True, rewrite: Callable[[bytes], bytes] | None = None
) -> pyoxigraph.Store:
    """Load one cache folder into a new in-memory store (about 5 ms for 4,000 triples);
    ``rewrite`` edits the N-Quads text first (the server's rebasing to its address)."""
    import pyoxigraph

    data = (target / ASSERTED_FILE).read_bytes()
    if inference:
        # One document, so that a blank node shared by an asserted and an inferred triple stays
        # one node: pyoxigraph gives blank nodes fresh identifiers on every load.
        data += (target / INFERRED_FILE).read_bytes()
    if rewrite is not None:
        data = rewrite(data)
    store = pyoxigraph.Store()
    store.load(data, pyoxigraph.RdfFormat.N_QUADS, lenient=True)  # our own, already checked
    return store


STORE_MANIFEST = "electionkg-store.json"
"""The file that marks a folder as a persistent store written by ``electionkg build --store``."""


def build_persistent_store(folders: DataFolders, directory: Path) -> dict[str, Any]:
    """Build into a persistent Oxigraph store at ``directory`` (a RocksDB folder); the manifest.

    The store holds the three named graphs of the export (ontology, facts, inferred), so
    ``oxigraph serve --location DIR`` serves it too. It is written beside ``directory`` and
    renamed into place: a failed build leaves the previous store as it was. A folder that is
    not empty and holds no store of ours is refused rather than replaced.
    """
    import json
    import shutil
    import time

    from electionkg.build import pipeline

    directory = directory.expanduser()
    _check_replaceable(directory)
    started = time.perf_counter()
    scratch = directory.with_name(f".{directory.name}.building-{os.getpid()}")
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}")

    def write(dataset: pyoxigraph.Store, report: pipeline.BuildReport) -> None:
        """Copy the built dataset into the on-disk store (while validation runs)."""
        written = time.perf_counter()
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.parent.mkdir(parents=True, exist_ok=True)
        write_disk_store(dataset, scratch)
        report.seconds["store"] = time.perf_counter() - written

    try:
        _, report = pipeline.build_in_store(folders, then=write)
        manifest = _manifest(content_key(folders), report, started)
        (scratch / STORE_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        if directory.exists():
            directory.rename(old)
        scratch.rename(directory)
    except OSError as error:
        raise InputError(f"cannot write the store {directory}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return manifest


COPY_BATCH_QUADS = 250_000
"""Quads per call of Oxigraph's bulk loader when a build is written to disk: one call for a
million quads buffers about 900 MB; batches of this size keep it near 300 MB, as fast."""


def write_disk_store(dataset: pyoxigraph.Store, directory: Path) -> None:
    """Every quad of ``dataset`` into a new on-disk store at ``directory``, compacted.

    The quads themselves go over, in batches of COPY_BATCH_QUADS, so a blank node stays one
    node across batches (an N-Quads text would be parsed again, its blank nodes renamed per
    call). Then one compaction: each batch was written as files of its own, which every read
    merges (at 3M, 14 batches made the stored queries two to three times slower, and growing
    faster than the data); it costs 3 s at 1M, and the queries run 20 to 45 % faster.
    """
    import itertools

    import pyoxigraph

    disk = pyoxigraph.Store(str(directory))
    quads = dataset.quads_for_pattern(None, None, None, None)
    while batch := list(itertools.islice(quads, COPY_BATCH_QUADS)):
        disk.bulk_extend(batch)
    disk.optimize()
    disk.flush()
    del disk


def _check_replaceable(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: exists and is not a folder")
    if (
        directory.is_dir()
        and any(directory.iterdir())
        and not (directory / STORE_MANIFEST).is_file()
    ):
        raise InputError(
            f"{directory}: the folder is not empty and is not an electionkg store; "
            "choose a new or empty folder"
        )


def require_persistent_store(directory: Path) -> None:
    """InputError unless ``directory`` holds a store written by :func:`build_persistent_store`."""
    directory = directory.expanduser()
    if not (directory / STORE_MANIFEST).is_file():
        raise InputError(
            f"{directory}: not an electionkg store "
            f"(build one with Project.build(store={directory}))"
        )


def open_persistent_store(directory: Path) -> pyoxigraph.Store:
    """Open a store written by :func:`build_persistent_store`, read-only (nothing is parsed)."""
    import pyoxigraph

    directory = directory.expanduser()
    require_persistent_store(directory)
    try:
        return pyoxigraph.Store.read_only(str(directory))
    except OSError as error:
        raise InputError(f"{directory}: cannot open the store: {error}") from None


def build(folders: DataFolders, target: Path) -> None:
    """Build (:mod:`electionkg.build.pipeline`) and write one cache folder at ``target``.

    The N-Quads are streamed into a scratch folder beside ``target`` while the checks still run
    (no copy of them is held in memory), and the folder is renamed into place only when the
    checks pass. The build is logged (INFO); :mod:`logging` is imported here, on the build path
    only: a warm query never needs it.
    """
    import json
    import logging
    import shutil
    import time

    from electionkg.build import pipeline

    logging.getLogger(__name__).info("building the dataset into %s", target)
    started = time.perf_counter()
    scratch = _scratch_folder(target)

    def serialise(dataset: pyoxigraph.Store, report: pipeline.BuildReport) -> None:
        try:
            _write_nquads(dataset, pipeline.ASSERTED_GRAPHS, scratch / ASSERTED_FILE)
            _write_nquads(dataset, (pipeline.INFERRED,), scratch / INFERRED_FILE)
        except OSError as error:
            raise _unwritable(target.parent, error) from None

    try:
        _, report = pipeline.build_in_store(folders, then=serialise)
        manifest = _manifest(target.name, report, started, cache_format=CACHE_FORMAT)
        try:
            (scratch / BUILD_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
            _publish(scratch, target)
        except OSError as error:
            raise _unwritable(target.parent, error) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _prune(target.parent, keep=target)


def _manifest(key: str, report: BuildReport, started: float, **extra: object) -> dict[str, Any]:
    """What a build wrote, from what, with which versions, and how long it took."""
    import time

    import pyoxigraph

    from electionkg import __version__

    return {
        "key": key,
        "electionkg": __version__,
        "pyoxigraph": pyoxigraph.__version__,
        **extra,
        **report.as_json(),
        "total_seconds": round(time.perf_counter() - started, 3),
    }


def _write_nquads(
    dataset: pyoxigraph.Store, graphs: tuple[pyoxigraph.NamedNode, ...], file: Path
) -> None:
    """Named graphs of ``dataset`` as one N-Quads file, streamed. Blank node labels are the
    store's own, so the files of one build share them (see :func:`load_store`)."""
    import pyoxigraph

    with file.open("wb") as output:
        for graph in graphs:
            quads = dataset.quads_for_pattern(None, None, None, graph)
            pyoxigraph.serialize(quads, output, format=pyoxigraph.RdfFormat.N_QUADS)


def _scratch_folder(target: Path) -> Path:
    """A new folder beside ``target``, named so that :func:`_prune` clears it when left over."""
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name[:16]}.", dir=target.parent))
    except OSError as error:
        raise _unwritable(target.parent, error) from None


def _publish(scratch: Path, target: Path) -> None:
    """Rename the complete ``scratch`` folder to ``target``."""
    import shutil

    try:
        scratch.rename(target)
    except OSError:
        if not (target / BUILD_FILE).is_file():  # a broken leftover, not a concurrent build
            shutil.rmtree(target, ignore_errors=True)
            scratch.rename(target)


def _unwritable(root: Path, error: OSError) -> InputError:
    return InputError(
        f"cannot write the cache in {root}: {error.strerror or error} "
        f"(set {CACHE_DIR_ENV} to a writable folder)"
    )


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
