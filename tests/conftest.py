"""Shared fixtures: where the repository is, and running the command line in-process."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from electionkg import cli, config, paths

REPO_ROOT = Path(__file__).resolve().parent.parent

TINY_PREFIXES = """\
@prefix ekg:    <https://w3id.org/electionkg/ontology#> .
@prefix ekgsh:  <https://w3id.org/electionkg/shapes#> .
@prefix oa:     <http://www.w3.org/ns/oa#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .
@prefix source: <https://w3id.org/electionkg/id/source/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix fig:    <https://w3id.org/electionkg/id/figure/> .
"""

TINY_ONTOLOGY = TINY_PREFIXES + (
    "ekg:VoteShare a rdfs:Class ; rdfs:subClassOf ekg:ReportedFigure .\n"
    "ekg:ReportedFigure a rdfs:Class .\n"
    "ekg:value a rdf:Property . ekg:evidence a rdf:Property .\n"
    "ekg:seedFile a rdf:Property . ekg:sha256 a rdf:Property . ekg:states a rdf:Property .\n"
)
"""Declares every ``ekg:`` term the tiny graph uses (the build refuses undeclared ones)."""

TINY_SHAPES = (
    TINY_PREFIXES
    + """
ekgsh:ReportedFigureShape a sh:NodeShape ;
    sh:targetClass ekg:ReportedFigure ;
    sh:property [ sh:path ekg:value ; sh:datatype xsd:decimal ; sh:minCount 1 ; sh:maxCount 1 ;
        sh:minInclusive 0 ; sh:maxInclusive 100 ;
        sh:message "A reported percentage is one decimal between 0 and 100" ] ;
    sh:property [ sh:path ekg:evidence ; sh:minCount 1 ;
        sh:message "Every reported figure has evidence" ] .
"""
)

TINY_QUOTE = "Aliyev won the election with 92.1 percent of the votes"
"""A verbatim span of seed 000."""

TINY_SOURCE = """
source:000_2af81fb8c01dd542 a schema:NewsArticle ;
    rdfs:label "Seed 000" ;
    ekg:seedFile "000_2af81fb8c01dd542.txt" ;
    ekg:sha256 "5cdaaa653d19d2835b0f1088a3f4e4189686a56d8059f41b3a7297cbd9282162" .
"""


def tiny_graph(value: str = "92.1", quote: str = TINY_QUOTE) -> str:
    """One vote share with its evidence in seed 000: conforms to TINY_SHAPES as given."""
    return (
        TINY_PREFIXES
        + f"""
fig:aliyev-share a ekg:VoteShare ;
    ekg:value "{value}"^^xsd:decimal ;
    <http://www.w3.org/ns/prov#wasDerivedFrom> source:000_2af81fb8c01dd542 ;
    ekg:evidence [ a oa:SpecificResource ; oa:hasSource source:000_2af81fb8c01dd542 ;
        ekg:states ekg:value ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{quote}" ] ,
            [ a oa:TextPositionSelector ; oa:start 554 ; oa:end 608 ] ] .
"""
        + TINY_SOURCE
    )


TINY_LEDGER = """\
seed,sentence,number,reason
""" + "".join(
    f"000_2af81fb8c01dd542.txt,{opening},{number},not used by the tiny project\n"
    for opening, number in [
        ("date 2024-02-08", ""),
        ('"Baku, (APP"', ""),
        ("The early tallies", "54.5"),
        ("Turnout was", ""),
        ("Aliyev was heralded", ""),
        ("But the oil-rich", ""),
        ('"""There are no"', ""),
        ("The six other", ""),
        ("Singing patriotic", ""),
        ("Some demonstrators", ""),
        ("The president and first lady", ""),
        ("For the first time", ""),
        ("The enclave", ""),
    ]
)
"""The coverage ledger of the tiny project: every sentence of seed 000 but the quoted one."""


TINY_QUERY = """\
# title: Vote shares
# question: Which vote shares are recorded?
PREFIX ekg: <https://w3id.org/electionkg/ontology#>
SELECT ?share ?value WHERE { ?share ekg:value ?value }
"""


@dataclass(frozen=True)
class CliRun:
    """What one in-process run of ``electionkg`` did."""

    exit_code: int
    stdout: str
    stderr: str


RunCli = Callable[[Sequence[str]], CliRun]
"""The type of the ``run_cli`` fixture: run ``electionkg`` with these arguments in-process."""


class _NoTraceback(logging.Filter):
    """Keeps a record's message, drops its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


@pytest.fixture(scope="session", autouse=True)
def rdflib_warnings_without_tracebacks() -> Iterator[None]:
    """rdflib logs an ill-typed literal ("2024-09-31"^^xsd:date) with its traceback. pytest's
    log capture keeps each record until the test's phase ends, and the traceback's frames keep
    their locals alive: pyoxigraph query results made in a build's worker thread, then dropped
    on the main thread, which pyoxigraph refuses ("unsendable", an unraisable error in a later
    test). The command line never keeps records; here they keep their message only."""
    logger = logging.getLogger("rdflib.term")
    dropping = _NoTraceback()
    logger.addFilter(dropping)
    yield
    logger.removeFilter(dropping)


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole session (every test, module fixture and process it starts) caches under one
    temporary folder, never ``~/.cache``: built datasets under ``ELECTIONKG_CACHE_DIR``, Jena's
    files beside them. A test that needs an empty cache sets ``ELECTIONKG_CACHE_DIR`` itself."""
    root = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(config.CACHE_DIR_ENV, str(root / "electionkg"))
        patch.setenv("XDG_CACHE_HOME", str(root / "xdg"))
        yield root


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (tests/ and its fixture folders live here)."""
    return REPO_ROOT


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Call ``electionkg.cli.main(argv)`` in-process; return exit code, stdout and stderr."""

    def run(argv: Sequence[str]) -> CliRun:
        capsys.readouterr()  # drop anything printed before this run
        exit_code = cli.main(list(argv))
        captured = capsys.readouterr()
        return CliRun(exit_code, captured.out, captured.err)

    return run


@pytest.fixture
def tiny_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Build a small data root of our own and point ``ELECTIONKG_DATA`` at it.

    ``build(value=..., quote=...)`` writes one vote share with that value and evidence quote
    (by default a conforming, verbatim one) to graph/tiny.ttl, copies the real seed 000 and
    returns the root; a test may then change its files.
    """
    seed = paths.seeds_dir() / "000_2af81fb8c01dd542.txt"

    def build(value: str = "92.1", quote: str = TINY_QUOTE) -> Path:
        root = tmp_path / "data"
        files = {
            "ontology/tiny.ttl": TINY_ONTOLOGY,
            "shapes/tiny.ttl": TINY_SHAPES,
            "graph/tiny.ttl": tiny_graph(value, quote),
            "queries/vote-shares.rq": TINY_QUERY,
            "ledger/coverage.csv": TINY_LEDGER,
        }
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        (root / "seeds").mkdir()
        (root / "seeds" / seed.name).write_bytes(seed.read_bytes())
        monkeypatch.setenv(paths.DATA_ENV, str(root))
        return root

    return build


def _missing_component(item: pytest.Item) -> str | None:
    """What a marked test needs and lacks, as a message; None when nothing is missing."""
    if item.get_closest_marker("jena") is not None:
        from support import jena_classpath

        missing = jena_classpath.missing_requirements()
        if missing:
            hint = jena_classpath.INSTALL_HINT
            return f"Apache Jena is not usable, missing: {', '.join(missing)}; {hint}"
    if item.get_closest_marker("oxigraph") is not None:
        from remote_servers import oxigraph_command

        if oxigraph_command() is None:
            return "the Oxigraph server is missing: pip install '.[test]' (PyPI oxigraph)"
    if item.get_closest_marker("virtuoso") is not None:
        from remote_servers import virtuoso_commands

        if virtuoso_commands() is None:
            return "Virtuoso is missing: apt-get install virtuoso-opensource (virtuoso-t, isql-vt)"
    if item.get_closest_marker("browser") is not None and not (
        shutil.which("chromium") or shutil.which("chromium-browser")
    ):
        return "Chromium is not installed (Debian: apt-get install chromium)"
    if item.get_closest_marker("node") is not None:
        modules = REPO_ROOT / "tests" / "js" / "node_modules"
        if not shutil.which("node") or not modules.is_dir():
            return "Node.js packages are missing: run `npm ci` in tests/js (needs Node 20)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``jena``, ``oxigraph``, ``virtuoso``, ``browser`` or ``node`` need that
    component: when it is missing they fail if ``CI`` is set (CI installs them all), else skip.
    """
    message = _missing_component(item)
    if message is None:
        return
    if "CI" in os.environ:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def make_data_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Mapping[str, str]], Path]:
    """Write data files (relative name -> text) to a data root in tmp_path and use it.

    Sets ELECTIONKG_DATA to the root and ELECTIONKG_CACHE_DIR to an empty folder, so that
    in-process and child runs read that data and build their own cache.
    """

    def make(files: Mapping[str, str]) -> Path:
        root = tmp_path / "data"
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        monkeypatch.setenv(paths.DATA_ENV, str(root))
        monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "cache"))
        return root

    return make
