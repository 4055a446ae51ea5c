"""The project's evidence as the build reads it: parsed into Oxigraph, one snapshot per run."""

from __future__ import annotations

import functools

import pyoxigraph

from electionkg import paths
from electionkg.build.pipeline import parse_into_store
from electionkg.provenance.snapshot import Snapshot


@functools.cache
def project_snapshot() -> Snapshot:
    """The project's evidence tables and seed texts (read-only: the checks do not edit it)."""
    store = pyoxigraph.Store()
    parse_into_store(paths.DataFolders.default(), store)
    return Snapshot.load(store, paths.seeds_dir())
