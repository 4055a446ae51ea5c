"""Export the asserted graph (ontology and facts), optionally with the inferred triples.

The export is read from the default store's cache (so it is validated, and reasoning is not
redone) and written deterministically: blank nodes get canonical labels (RDFC-1.0) and the
triples are sorted, so the same data always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from electionkg.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from electionkg.store import DataFolders

EXPORT_FORMATS = ("turtle", "nt")
"""Turtle (with the project's prefixes) and N-Triples."""


def export_graph(
    rdf_format: str = "turtle",
    *,
    inferred: bool = False,
    folders: DataFolders | None = None,
    on_build: Callable[[], object] | None = None,
) -> bytes:
    """The asserted triples (and with ``inferred`` the inferred ones too) as one graph."""
    import pyoxigraph

    from electionkg.results import turtle_prefixes
    from electionkg.store import open_default_store

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}
    if rdf_format not in formats:
        raise InputError(f"unknown export format {rdf_format!r}: use {', '.join(EXPORT_FORMATS)}")
    store = open_default_store(inference=inferred, folders=folders, on_build=on_build)
    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(quad.subject, quad.predicate, quad.object) for quad in store
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    triples = sorted(
        {pyoxigraph.Triple(quad.subject, quad.predicate, quad.object) for quad in dataset}, key=str
    )
    prefixes = turtle_prefixes(triples) if rdf_format == "turtle" else None
    return pyoxigraph.serialize(triples, format=formats[rdf_format], prefixes=prefixes) or b""


def export(
    rdf_format: str = "turtle",
    *,
    inferred: bool = False,
    output: Path | None = None,
    folders: DataFolders | None = None,
    on_build: Callable[[], object] | None = None,
) -> bytes | None:
    """Write the export to ``output``; without one, return it (the command line prints it)."""
    content = export_graph(rdf_format, inferred=inferred, folders=folders, on_build=on_build)
    if output is None:
        return content
    try:
        output.write_bytes(content)
    except OSError as error:
        raise InputError(f"{output}: cannot write: {error.strerror or error}") from None
    return None
