"""The one configuration seam: every environment variable the package reads is read here.

=======================  ===============================================================
``ELECTIONKG_DATA``      the data root (ontology/, graph/, shapes/, queries/, seeds/)
``ELECTIONKG_CACHE_DIR`` the cache of built datasets (default ``$XDG_CACHE_HOME/electionkg``)
``XDG_CACHE_HOME``       the user's cache folder (default ``~/.cache``)
``ELECTIONKG_DEBUG``     set to 1: an unexpected error shows its traceback
``ELECTIONKG_JAR_DIR``   where the Apache Jena jars are (tests and bench; ``/usr/share/java``)
=======================  ===============================================================

Which data root, first rule first (:func:`find_data_root`):

1. an explicit root: ``--data DIR`` or a :class:`~electionkg.project.Project` made with one
   (:func:`use_data_root`), else ``$ELECTIONKG_DATA``;
2. the working tree: the nearest folder, from the current directory upward, that holds
   ``ontology/``, ``graph/`` and ``shapes/`` (a checkout, wherever the package is installed);
3. the installed copy: the folders an installed wheel carries in ``electionkg/data``, or the
   source tree beside the package (an editable install).

An explicit choice beats a found one; a curator inside a clone checks the clone, not whatever
copy happens to be installed. Commands that read data say which root they used, on stderr.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple

DATA_ENV = "ELECTIONKG_DATA"
CACHE_DIR_ENV = "ELECTIONKG_CACHE_DIR"
DEBUG_ENV = "ELECTIONKG_DEBUG"
JAR_DIR_ENV = "ELECTIONKG_JAR_DIR"

MARKER_FOLDERS = ("ontology", "graph", "shapes")
"""A folder holding all three is a data root (a checkout of the project)."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_explicit_root: ContextVar[Path | None] = ContextVar("electionkg_data_root", default=None)


class DataRoot(NamedTuple):
    """A data root and how it was chosen (for the line that says which data was read)."""

    path: Path
    origin: str
    """``given``, ``$ELECTIONKG_DATA``, ``working tree`` or ``installed copy``."""

    def describe(self) -> str:
        """``data from /path (working tree)``: the line commands print on stderr."""
        return f"data from {self.path} ({self.origin})"


@contextmanager
def use_data_root(path: Path) -> Iterator[Path]:
    """Within the block (this thread or task), the data root is ``path``, whatever else is set."""
    token = _explicit_root.set(Path(path).expanduser())
    try:
        yield path
    finally:
        _explicit_root.reset(token)


def find_data_root(cwd: Path | None = None) -> DataRoot:
    """The data root by the rules in the module docstring."""
    explicit = _explicit_root.get()
    if explicit is not None:
        return DataRoot(explicit, "given")
    override = os.environ.get(DATA_ENV)
    if override:
        return DataRoot(Path(override).expanduser(), f"${DATA_ENV}")
    found = _checkout_above(cwd or Path.cwd())
    if found is not None:
        return DataRoot(found, "working tree")
    packaged = _PACKAGE_DIR / "data"
    if (packaged / "graph").is_dir():
        return DataRoot(packaged, "installed copy")
    return DataRoot(_PACKAGE_DIR.parent, "installed copy")


def data_root() -> Path:
    """The folder holding ontology/, graph/, shapes/, queries/ and seeds/ (read on every call)."""
    return find_data_root().path


def _checkout_above(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if all((folder / name).is_dir() for name in MARKER_FOLDERS):
            return folder
    return None


def cache_root() -> Path:
    """``$ELECTIONKG_CACHE_DIR``, or ``$XDG_CACHE_HOME/electionkg``, or ``~/.cache/electionkg``.

    The one cache root: built datasets and the Jena harness's files both live under it.
    """
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "electionkg"


def debug() -> bool:
    """Whether ``$ELECTIONKG_DEBUG`` asks for tracebacks of unexpected errors."""
    return bool(os.environ.get(DEBUG_ENV))


def jar_dir(default: Path = Path("/usr/share/java")) -> Path:
    """The folder of the Apache Jena jars: ``$ELECTIONKG_JAR_DIR`` or Debian's."""
    return Path(os.environ.get(JAR_DIR_ENV) or default)


def environment_variable(name: str) -> str | None:
    """A variable the user named on purpose (``--password-env VAR``, ``JAVA_HOME``)."""
    return os.environ.get(name)
