"""Find Java and the Apache Jena jars (Debian's ``libapache-jena-java``) and build a classpath.

Debian ships Jena 4.5 as jars without launcher scripts, and the jars need two fixes to start:

* Jena's shaded Xerces classes were moved to the ``xerces.*`` packages, but their message
  bundles stayed under ``org/apache/jena/ext/xerces/``; without them every command dies with
  ``ExceptionInInitializerError ... XSSimpleTypeDecl: internal error``. :func:`jena_classpath`
  copies the bundles to ``xerces/`` in a cached directory and puts that directory on the classpath.
* ``/usr/share/java/*`` holds several SLF4J bindings, and SLF4J refuses to start with both
  ``log4j-over-slf4j`` and ``slf4j-log4j12``; the classpath therefore lists the needed jars one by
  one, with ``slf4j-simple`` as the only binding.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from electionkg import config

JAR_DIR_ENV = config.JAR_DIR_ENV
"""Environment variable naming the folder of jars, if not Debian's ``/usr/share/java``."""

DEFAULT_JAR_DIR = Path("/usr/share/java")

JENA_JARS: tuple[str, ...] = (
    "jena-arq",
    "jena-base",
    "jena-cmds",
    "jena-core",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-iri",
    "jena-rdfconnection",
    "jena-shacl",
    "jena-shex",
    "jena-tdb",
    "jena-tdb2",
)
"""Jena's own jars (package ``libapache-jena-java``)."""

DEPENDENCY_JARS: tuple[str, ...] = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpclient-cache",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "thrift",
    "titanium-json-ld",
    "slf4j-api",
    "jcl-over-slf4j",
    "slf4j-simple",
)
"""Jena's run-time dependencies as Debian names them; ``slf4j-simple`` is the one SLF4J binding."""

XERCES_BUNDLE_PREFIX = "org/apache/jena/ext/xerces/"
"""Where the jars keep the message bundles of Jena's shaded Xerces."""

XERCES_CLASS_PREFIX = "xerces/"
"""Where the shaded Xerces classes (and so the bundles they look up) actually live."""
INSTALL_HINT = (
    "install a Java runtime and Apache Jena, e.g. "
    "`apt-get install default-jre-headless libapache-jena-java`"
)


class JenaError(RuntimeError):
    """A Jena command could not run, timed out, or failed."""


class JenaUnavailableError(JenaError):
    """Java or the Jena jars are missing."""


def jar_dir() -> Path:
    """The folder holding the jars: ``$ELECTIONKG_JAR_DIR`` or Debian's ``/usr/share/java``."""
    return config.jar_dir(DEFAULT_JAR_DIR)


def java_executable() -> str | None:
    """The ``java`` launcher: ``$JAVA_HOME/bin/java`` if set and present, else ``java`` on PATH."""
    java_home = config.environment_variable("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("java")


def required_jars() -> list[Path]:
    """The jar files of the classpath, in order (existence not checked)."""
    folder = jar_dir()
    return [folder / f"{name}.jar" for name in (*JENA_JARS, *DEPENDENCY_JARS)]


def missing_requirements() -> list[str]:
    """What is missing to run Jena: the java launcher and any absent jar; empty if all is there."""
    missing = [] if java_executable() else ["java (a Java runtime on PATH or in $JAVA_HOME)"]
    missing += [str(jar) for jar in required_jars() if not jar.is_file()]
    return missing


def jena_available() -> bool:
    """Whether java and every jar of the classpath are present."""
    return not missing_requirements()


def require_jena() -> None:
    """Raise :class:`JenaUnavailableError` naming what is missing, if anything is."""
    missing = missing_requirements()
    if missing:
        raise JenaUnavailableError(
            f"Apache Jena cannot run, missing: {', '.join(missing)}; {INSTALL_HINT}"
        )


def _jars_fingerprint(jars: Iterable[Path]) -> str:
    """A short hash of the jars' resolved paths, sizes and modification times."""
    digest = hashlib.sha256()
    for jar in jars:
        stat = jar.resolve().stat()
        digest.update(f"{jar.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _extract_xerces_bundles(jars: Iterable[Path], target: Path) -> int:
    """Copy the shaded Xerces resource files of the jars to ``target/xerces/``; return how many."""
    count = 0
    for jar in jars:
        with zipfile.ZipFile(jar) as archive:
            for entry in archive.namelist():
                if not entry.startswith(XERCES_BUNDLE_PREFIX) or entry.endswith(("/", ".class")):
                    continue
                relative = entry[len(XERCES_BUNDLE_PREFIX) :]
                destination = target / XERCES_CLASS_PREFIX / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(entry))
                count += 1
    return count


def _build_bundle_dir(final: Path, jars: Sequence[Path]) -> None:
    """Build the bundle folder beside ``final`` and move it into place atomically."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=final.name + ".", dir=final.parent))
    try:
        if _extract_xerces_bundles(jars, staging) == 0:
            raise JenaError(f"no Xerces message bundles under {XERCES_BUNDLE_PREFIX} in {jars}")
        (staging / "COMPLETE").write_text("xerces bundles re-placed for Jena\n")
        try:
            staging.rename(final)
        except OSError:
            if not (final / "COMPLETE").is_file():  # not a concurrent build that won the race
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def xerces_bundle_dir() -> Path:
    """The cached folder holding Jena's Xerces message bundles under ``xerces/``, built once."""
    jars = [jar for jar in required_jars() if jar.name.startswith("jena-")]
    name = f"jena-{_jars_fingerprint(jars)}"
    for root in (config.cache_root(), Path(tempfile.gettempdir()) / "electionkg-cache"):
        final = root / name
        if (final / "COMPLETE").is_file():
            return final
        try:
            _build_bundle_dir(final, jars)
        except OSError:
            continue  # cache folder not writable: try the next one
        return final
    raise JenaError("could not write the Xerces bundle folder to any cache folder")


def jena_classpath() -> str:
    """The Java classpath running Jena's commands: explicit jars, one SLF4J binding, the bundles."""
    require_jena()
    return _classpath_for(jar_dir())


@functools.lru_cache(maxsize=4)
def _classpath_for(folder: Path) -> str:
    """The classpath for the jars of one folder, computed once per folder."""
    entries = [str(jar) for jar in required_jars()] + [str(xerces_bundle_dir())]
    return os.pathsep.join(entries)
