"""The cache key of a build: what the built dataset depends on, hashed.

Answering a query hashes the data folders on every run (a warm query has a budget of a few tens
of milliseconds), so the key is computed with CPython's own SHA-256 (importing :mod:`hashlib`
first loads OpenSSL, 2-3 ms) and the dependency versions are read from the names of their
``dist-info`` folders (importing :mod:`importlib.metadata` costs about 15 ms).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    from _sha256 import sha256  # Python 3.10, 3.11
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256

if TYPE_CHECKING:
    from electionkg.paths import DataFolders

__all__ = ["CACHE_FORMAT", "content_key", "dependency_versions", "sha256"]

CACHE_FORMAT = "2"
"""Bumped when the layout or the content of a cached build changes meaning."""

BUILD_DEPENDENCIES = ("owlrl", "pyoxigraph", "pyshacl", "rdflib")
"""The distributions whose version can change what a build writes."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The package's own code is hashed into the key (every module), so that changing it rebuilds."""

_DIST_INFO = re.compile(r"(?P<name>[A-Za-z0-9_.]+)-(?P<version>[^-]+)\.dist-info$")


def content_key(folders: DataFolders | None = None) -> str:
    """SHA-256 over the build code, the dependency versions, and the names and bytes of every
    file in the folders a build reads.

    Files are named relative to their folder (the checkout can move without a rebuild); hidden
    files (editor swap files, ``.DS_Store``) are ignored. A missing folder is part of the key
    too, so that creating it rebuilds.
    """
    from electionkg.paths import DataFolders

    folders = folders or DataFolders.default()
    digest = sha256(f"electionkg cache {CACHE_FORMAT}\0".encode())
    for name, version in dependency_versions().items():
        digest.update(f"dependency {name} {version}\0".encode())
    for relative, module in _files_under(_PACKAGE_DIR):
        if relative.endswith(".py"):
            _hash_file(digest, f"code/{relative}", module)
    for label, folder in folders.built_from:
        if not folder.is_dir():
            digest.update(f"{label}: missing\0".encode())
            continue
        for relative, file in _files_under(folder):
            _hash_file(digest, f"{label}/{relative}", file)
    return str(digest.hexdigest())


def dependency_versions() -> dict[str, str]:
    """The installed version of each of BUILD_DEPENDENCIES, from the first ``dist-info`` folder
    on ``sys.path`` that names it (as the import system finds the first copy); ``?`` if none."""
    versions: dict[str, str] = {}
    for entry in sys.path:
        if len(versions) == len(BUILD_DEPENDENCIES):
            break
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            found = _DIST_INFO.match(name) if name.endswith(".dist-info") else None
            if found:
                project = found.group("name").lower().replace("-", "_")
                if project in BUILD_DEPENDENCIES and project not in versions:
                    versions[project] = found.group("version")
    return {name: versions.get(name, "?") for name in BUILD_DEPENDENCIES}


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
