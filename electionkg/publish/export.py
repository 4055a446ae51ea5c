"""Export the whole dataset: the ontology and the facts, optionally with the inferred triples.

The export is read from the default store's cache (so it is validated, and reasoning is not
redone). In N-Quads and TriG the ontology, the facts and the inferences are three named graphs
(``namespaces.*_GRAPH``) so that a triplestore can keep them apart; the other formats hold their
union.

- **N-Triples and N-Quads**, the formats bulk loaders read, are streamed: the cache's N-Quads
  are copied in chunks, rebased as text, in flat memory at any size (as ``oxigraph dump`` does),
  in the build's order and with its blank node labels. The same build gives the same bytes.
- **Turtle, TriG, JSON-LD and RDF/XML**, the formats people read, are written deterministically
  by ``serialise`` (canonical blank node labels, sorted statements), in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from electionkg.errors import InputError
from electionkg.rdf.serialise import EXPORT_FORMATS, Rebase, canonical_quads, serialise

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.paths import DataFolders

__all__ = ["EXPORT_FORMATS", "STREAMED_FORMATS", "dataset_quads", "export", "export_graph"]

STREAMED_FORMATS = ("nt", "nquads")
"""The formats written as a stream from the cache, in flat memory."""
_CHUNK_BYTES = 8 << 20


def dataset_quads(
    *,
    inferred: bool = False,
    rebase: Rebase | None = None,
    folders: DataFolders | None = None,
) -> list[pyoxigraph.Quad]:
    """Every quad of the dataset, canonical, rebased and sorted."""
    from electionkg.build.store import open_default_store

    store = open_default_store(inference=inferred, folders=folders)
    return canonical_quads(store, rebase)


def export_graph(
    rdf_format: str = "turtle",
    *,
    inferred: bool = False,
    base_url: str | None = None,
    folders: DataFolders | None = None,
) -> bytes:
    """The dataset (with ``inferred`` the inferences too) in ``rdf_format``."""
    import io

    buffer = io.BytesIO()
    write_graph(buffer, rdf_format, inferred=inferred, base_url=base_url, folders=folders)
    return buffer.getvalue()


def write_graph(
    target: IO[bytes],
    rdf_format: str = "turtle",
    *,
    inferred: bool = False,
    base_url: str | None = None,
    folders: DataFolders | None = None,
) -> None:
    """Write the dataset in ``rdf_format`` to ``target``: streamed for N-Triples and N-Quads."""
    _check_format(rdf_format)
    rebase = Rebase(base_url)
    if rdf_format in STREAMED_FORMATS:
        _stream_cache(target, rdf_format, inferred, rebase, folders)
        return
    quads = dataset_quads(inferred=inferred, rebase=rebase, folders=folders)
    target.write(serialise(quads, rdf_format, rebase))


def _stream_cache(
    target: IO[bytes],
    rdf_format: str,
    inferred: bool,
    rebase: Rebase,
    folders: DataFolders | None,
) -> None:
    """Copy the cache's N-Quads files to ``target`` in chunks of whole lines, rebased; for
    N-Triples without the graph label that ends every line of the cache."""
    from electionkg.build.store import ASSERTED_FILE, INFERRED_FILE, ensure_built
    from electionkg.rdf import namespaces

    folder = ensure_built(folders)
    labels = [
        f" <{graph}> .\n".encode()
        for graph in (namespaces.ONTOLOGY_GRAPH, namespaces.FACTS_GRAPH, namespaces.INFERRED_GRAPH)
    ]
    for name in (ASSERTED_FILE, INFERRED_FILE) if inferred else (ASSERTED_FILE,):
        with (folder / name).open("rb") as cached:
            while lines := cached.readlines(_CHUNK_BYTES):
                chunk = rebase.nquads(b"".join(lines))
                if rdf_format == "nt":
                    for label in labels:
                        chunk = chunk.replace(label, b" .\n")
                target.write(chunk)


def export_description(
    rdf_format: str = "turtle",
    *,
    base_url: str | None = None,
    folders: DataFolders | None = None,
) -> bytes:
    """The VoID/DCAT description of the whole dataset (with its inferences), counts computed now."""
    import pyoxigraph

    from electionkg.build.store import ensure_built, load_store
    from electionkg.publish.dataset_description import DESCRIPTION_PREFIXES, describe_dataset

    _check_format(rdf_format)
    rebase = Rebase(base_url)
    store = load_store(ensure_built(folders), inference=True, rewrite=rebase.nquads)
    triples = describe_dataset(store, rebase)
    quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples]
    return serialise(canonical_quads(quads), rdf_format, rebase, DESCRIPTION_PREFIXES)


def export(
    rdf_format: str = "turtle",
    *,
    inferred: bool = False,
    base_url: str | None = None,
    describe: bool = False,
    output: Path | None = None,
    folders: DataFolders | None = None,
) -> bytes | None:
    """Write the export (with ``describe``, the dataset description instead) to ``output``;
    without one, return it (the command line prints it).

    The file is written beside ``output`` and renamed into place: data that fails its checks,
    or a disk that fills up, leaves no empty or half-written file behind."""
    if output is None:
        import io

        buffer = io.BytesIO()
        write_export(buffer, rdf_format, inferred, base_url, describe, folders)
        return buffer.getvalue()
    _check_format(rdf_format)
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("wb") as target:
            write_export(target, rdf_format, inferred, base_url, describe, folders)
        partial.replace(output)
    except OSError as error:
        raise InputError(f"{output}: cannot write: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return None


def write_export(
    target: IO[bytes],
    rdf_format: str,
    inferred: bool = False,
    base_url: str | None = None,
    describe: bool = False,
    folders: DataFolders | None = None,
) -> None:
    """The export (or with ``describe`` the dataset description) written to ``target``."""
    if describe:
        target.write(export_description(rdf_format, base_url=base_url, folders=folders))
    else:
        write_graph(target, rdf_format, inferred=inferred, base_url=base_url, folders=folders)


def _check_format(rdf_format: str) -> None:
    if rdf_format not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {rdf_format!r}: use {', '.join(EXPORT_FORMATS)}")
