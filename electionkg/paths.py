"""Where the project's data folders are, in a source tree and in an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


DATA_ENV = "ELECTIONKG_DATA"
"""Environment variable naming another data root (tests use it to check a modified copy)."""


def data_root() -> Path:
    """The folder holding ontology/, graph/, shapes/, queries/ and seeds/.

    If the environment variable ``ELECTIONKG_DATA`` is set (and not empty), it names the data
    root, read on every call. Otherwise an installed wheel carries the folders in
    ``electionkg/data`` (see pyproject.toml); a source checkout (editable install, or tests run
    from the repository) has them beside the package.
    """
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    packaged = _PACKAGE_DIR / "data"
    if (packaged / "graph").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


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
