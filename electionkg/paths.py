"""The project's five data folders, under the data root :mod:`electionkg.config` chooses."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from electionkg import config

DATA_ENV = config.DATA_ENV
"""Environment variable naming another data root (read in :mod:`electionkg.config`)."""


class DataFolders(NamedTuple):
    """The five data folders: what a build reads (the first three), the stored queries, and
    the source articles the quotes are checked against."""

    ontology: Path
    graph: Path
    shapes: Path
    queries: Path
    seeds: Path

    @classmethod
    def default(cls) -> DataFolders:
        """The folders of the current data root (:func:`electionkg.config.find_data_root`)."""
        return cls.under(config.data_root())

    @classmethod
    def under(cls, root: Path) -> DataFolders:
        """``root/ontology``, ``root/graph``, ``root/shapes``, ``root/queries``, ``root/seeds``."""
        return cls(*(root / name for name in cls._fields))

    @property
    def ledger(self) -> Path:
        """The coverage ledger's folder, at the data root beside the seeds."""
        return self.seeds.parent / "ledger"

    @property
    def built_from(self) -> tuple[tuple[str, Path], ...]:
        """The folders a build reads, by name: what the cache key hashes. The seeds and the
        ledger are read by the build's gate (quotes, hashes, coverage): an edited seed must
        be checked again, not served from the cache."""
        return (
            ("ontology", self.ontology),
            ("graph", self.graph),
            ("shapes", self.shapes),
            ("seeds", self.seeds),
            ("ledger", self.ledger),
        )


def data_root() -> Path:
    """The folder holding the five data folders (see :mod:`electionkg.config`)."""
    return config.data_root()


def ontology_dir() -> Path:
    return data_root() / "ontology"


def graph_dir() -> Path:
    return data_root() / "graph"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def queries_dir() -> Path:
    return data_root() / "queries"


def seeds_dir() -> Path:
    return data_root() / "seeds"


def turtle_files(folder: Path) -> list[Path]:
    """The Turtle files of one data folder, in a stable order.

    Any other visible file there is refused (InputError): a graph file renamed to ``.txt``
    would otherwise be silently not read. Hidden files (``.DS_Store``, editor swap files)
    are ignored, as the build cache ignores them.
    """
    from electionkg.errors import InputError

    others = (
        sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.suffix != ".ttl" and not entry.name.startswith(".")
        )
        if folder.is_dir()
        else []
    )
    if others:
        raise InputError(
            f"{folder}/{others[0]}: not a Turtle (.ttl) file, and the data folders hold only "
            f"Turtle files: rename it to .ttl to read it, or move it out of {folder.name}/"
            + (f" ({len(others) - 1} more such files)" if len(others) > 1 else "")
        )
    return sorted(folder.glob("*.ttl"))
