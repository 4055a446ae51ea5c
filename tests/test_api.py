"""The library API and the one configuration seam (issue 13).

Expected values come from the articles: seed 000 says Aliyev won "with 92.1 percent of the
votes" (the tiny project's one vote share); the README's seat-distribution example is tested in
tests/test_readme.py.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO_ROOT, CliRun

import electionkg
from electionkg import config
from electionkg.build import cache_key

PACKAGE = REPO_ROOT / "electionkg"


def test_the_api_runs_a_stored_query_and_returns_rows(tiny_project: Callable[..., Path]) -> None:
    root = tiny_project()
    project = electionkg.Project.find(root)
    result = project.run_query("vote-shares")
    assert result.form == "select"
    assert result.variables == ("share", "value")
    assert [(row["share"].value, row["value"].value) for row in result.rows] == [
        ("https://w3id.org/electionkg/id/figure/aliyev-share", "92.1")
    ]


def test_the_api_takes_parameters_as_a_mapping(tiny_project: Callable[..., Path]) -> None:
    project = electionkg.Project.find(tiny_project())
    query = project.root / "queries" / "vote-shares.rq"
    query.write_text(
        "# param: value — a vote share\n" + query.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert len(project.run_query("vote-shares", {"value": "92.1"}).rows) == 1
    assert project.run_query("vote-shares", {"value": "50.0"}).rows == ()


def test_data_that_fails_its_shapes_is_a_data_error(tiny_project: Callable[..., Path]) -> None:
    project = electionkg.Project.find(tiny_project(value="192.1"))
    with pytest.raises(electionkg.DataError, match="between 0 and 100"):
        project.run_query("vote-shares")


def test_an_unknown_query_is_an_input_error_naming_no_flag(
    tiny_project: Callable[..., Path],
) -> None:
    project = electionkg.Project.find(tiny_project())
    with pytest.raises(electionkg.InputError) as raised:
        project.run_query("vote-share")
    assert "did you mean `vote-shares`?" in str(raised.value)
    assert "--" not in str(raised.value)


def test_validate_and_check_return_reports(tiny_project: Callable[..., Path]) -> None:
    project = electionkg.Project.find(tiny_project(value="192.1"))
    assert not project.validate().conforms
    failed = [result for result in project.check() if not result.ok]
    # 192.1 breaks the 0..100 range of a share, and its quote says 92.1 (the values family says
    # so once)
    assert [result.kind for result in failed] == ["shapes", "values"]


def test_export_returns_rdf(tiny_project: Callable[..., Path]) -> None:
    exported = electionkg.Project.find(tiny_project()).export("nt")
    assert b"<https://w3id.org/electionkg/id/figure/aliyev-share>" in exported
    assert b'"92.1"^^<http://www.w3.org/2001/XMLSchema#decimal>' in exported


def test_each_error_has_its_own_exit_code() -> None:
    codes = {electionkg.DataError.exit_code, electionkg.InputError.exit_code}
    assert codes | {electionkg.RemoteError.exit_code} == {1, 2, 3}


# --- the data root ----------------------------------------------------------------------


def checkout(root: Path) -> Path:
    for name in (*config.MARKER_FOLDERS, "queries", "seeds"):
        (root / name).mkdir(parents=True)
    return root


def test_the_working_tree_is_found_upward_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = checkout(tmp_path / "clone")
    (root / "graph" / "deep").mkdir()
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    monkeypatch.chdir(root / "graph" / "deep")
    assert config.find_data_root() == config.DataRoot(root, "working tree")


def test_an_explicit_root_beats_the_working_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found, named, given = (checkout(tmp_path / name) for name in ("found", "named", "given"))
    monkeypatch.chdir(found)
    monkeypatch.setenv(config.DATA_ENV, str(named))
    assert config.find_data_root().origin == f"${config.DATA_ENV}"
    with config.use_data_root(given):
        assert config.find_data_root() == config.DataRoot(given, "given")
    assert config.data_root() == named


def test_outside_a_checkout_the_installed_copy_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.find_data_root().origin == "installed copy"


def test_check_inside_a_broken_clone_checks_the_clone(
    tiny_project: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    run_cli: Callable[[list[str]], CliRun],
) -> None:
    """The issue's case: `electionkg check` in a clone whose graph is broken must fail."""
    root = tiny_project()
    (root / "graph" / "tiny.ttl").write_text("this is not turtle", encoding="utf-8")
    monkeypatch.delenv(config.DATA_ENV)
    monkeypatch.chdir(root / "graph")
    run = run_cli(["-v", "check"])
    assert run.exit_code == 1
    assert run.stderr.splitlines()[0] == f"electionkg: data from {root} (working tree)"
    assert "FAIL turtle  graph/tiny.ttl: line 1, column 1: not valid Turtle" in run.stdout


def test_data_names_the_root_on_the_command_line(
    tiny_project: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    run_cli: Callable[[list[str]], CliRun],
) -> None:
    root = tiny_project()
    monkeypatch.delenv(config.DATA_ENV)
    run = run_cli(["-v", "--data", str(root), "queries"])
    assert run.exit_code == 0
    assert run.stderr == f"electionkg: data from {root} (given)\n"
    assert run.stdout.startswith("vote-shares — Vote shares\n")


# --- the environment is read in one module ----------------------------------------------


def environment_reads(path: Path) -> list[str]:
    """``os.environ`` and ``os.getenv`` uses in one module, as ``file:line``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")) or (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in ("environ", "getenv") for alias in node.names)
        ):
            found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    return found


def test_only_the_config_module_reads_the_environment() -> None:
    reads = [read for path in sorted(PACKAGE.rglob("*.py")) for read in environment_reads(path)]
    for path in sorted((REPO_ROOT / "tests" / "support").glob("*.py")):
        reads += environment_reads(path)
    assert reads and all(read.startswith("electionkg/config.py:") for read in reads), reads


def test_the_cache_key_changes_with_a_dependency_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = cache_key.content_key()
    versions = cache_key.dependency_versions()
    assert set(versions) == {"owlrl", "pyoxigraph", "pyshacl", "rdflib"}
    assert "?" not in versions.values()
    monkeypatch.setattr(cache_key, "dependency_versions", lambda: {**versions, "rdflib": "0"})
    assert cache_key.content_key() != before
