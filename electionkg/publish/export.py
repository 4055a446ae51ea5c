"""Export the whole dataset: the ontology and the facts, optionally with the inferred triples.

The export is read from the default store's cache (so it is validated, and reasoning is not
redone) and written deterministically by ``serialise``. In N-Quads and TriG the ontology, the
facts and the inferences are three named graphs (``namespaces.*_GRAPH``) so that a triplestore
can keep them apart; the other formats hold their union.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from electionkg.errors import InputError
from electionkg.rdf.serialise import EXPORT_FORMATS, Rebase, canonical_quads, serialise

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.paths import DataFolders

__all__ = ["EXPORT_FORMATS", "dataset_quads", "export", "export_graph"]


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
    _check_format(rdf_format)
    rebase = Rebase(base_url)
    quads = dataset_quads(inferred=inferred, rebase=rebase, folders=folders)
    return serialise(quads, rdf_format, rebase)


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
    without one, return it (the command line prints it)."""
    if describe:
        content = export_description(rdf_format, base_url=base_url, folders=folders)
    else:
        content = export_graph(rdf_format, inferred=inferred, base_url=base_url, folders=folders)
    if output is None:
        return content
    try:
        output.write_bytes(content)
    except OSError as error:
        raise InputError(f"{output}: cannot write: {error.strerror or error}") from None
    return None


def _check_format(rdf_format: str) -> None:
    if rdf_format not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {rdf_format!r}: use {', '.join(EXPORT_FORMATS)}")
