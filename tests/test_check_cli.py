"""``electionkg check``: one line per check; exit 0 all ok, 1 a check fails, 2 bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RunCli

TINY_OK = [
    "ok   turtle  ontology/tiny.ttl",
    "ok   turtle  graph/tiny.ttl",
    "ok   turtle  shapes/tiny.ttl",
    "ok   types   every typed literal is well-formed",
    "ok   shapes  conforms",
    "ok   rules   integrity rules kept",
    "ok   quotes  1 quote verbatim in its seed",
    "ok   hashes  1 seed file matches its SHA-256",
    "ok   anchors every quote's offsets select it in its seed",
    "ok   facts   1 fact, stated by a quote of every credited document",
    "ok   values  every stated value is in its quote (checked: 1 number)",
    "ok   ledger  1 sentences quoted, 12 excused in ledger/coverage.csv, of 13",
    "       000_2af81fb8c01dd542.txt: 1 covered, 12 excused, 13 sentences",
    "ok   review  0 quotes with facts read, not literal (for review)",
    "ok   queries queries/vote-shares.rq",
]


def test_the_project_data_passes_every_check(run_cli: RunCli) -> None:
    run = run_cli(["check"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert all(line.startswith(("ok ", " ")) for line in run.stdout.splitlines()), run.stdout


def test_all_checks_pass_exits_0(run_cli: RunCli, tiny_project: Callable[..., Path]) -> None:
    tiny_project()
    run = run_cli(["check"])
    assert (run.exit_code, run.stdout.splitlines(), run.stderr) == (0, TINY_OK, "")


def test_a_quote_that_is_not_verbatim_fails_the_check(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    tiny_project(quote="Aliyev won the election with 93.1 percent of the votes")
    run = run_cli(["check"])
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[5] == "ok   rules   integrity rules kept"
    assert lines[6:8] == [
        "FAIL quotes  1 of 1 quotes not verbatim in their seeds",
        "       figure:aliyev-share: quote not in the seed (white space collapsed): "
        '"Aliyev won the election with 93.1 percent of the votes" '
        "(source source:000_2af81fb8c01dd542, seeds/000_2af81fb8c01dd542.txt)",
    ]
    # the value is no longer in its quote: one message, from the values family
    values = [line for line in lines if "ekg:value" in line or "has the value" in line]
    assert values == [
        '       figure:aliyev-share: number not in its quote: ekg:value "92.1" is not stated by '
        '"Aliyev won the election with 93.1 percent of th..."'
    ]
    assert "FAIL values  1 values not in their quotes (checked: 1 number)" in lines
    assert run.stderr == ""


def test_a_changed_seed_fails_the_hash_check(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    root = tiny_project()
    seed = root / "seeds" / "000_2af81fb8c01dd542.txt"
    seed.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert "ok   quotes  1 quote verbatim in its seed" in run.stdout  # white space differs only
    assert "FAIL hashes  seed check fails for 1 of 1 source documents\n" in run.stdout
    recorded = "5cdaaa653d19d2835b0f1088a3f4e4189686a56d8059f41b3a7297cbd9282162"
    assert "SHA-256 differs from character " in run.stdout
    assert f": recorded {recorded}, the file has " in run.stdout  # in full, not cut


def test_violations_fail_the_shapes_check(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    tiny_project(value="-3")
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert "FAIL shapes  1 violation (run electionkg validate)\n" in run.stdout


def test_an_ill_typed_literal_fails_the_types_check(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    tiny_project(value="92,1")
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert (
        "FAIL types   1 literal is ill-typed\n"
        '       figure:aliyev-share: ekg:value has the ill-typed literal "92,1"^^xsd:decimal '
        "[well-typed literals]\n"
    ) in run.stdout
    assert "Traceback" not in run.stderr


def test_a_turtle_file_that_does_not_parse_fails_and_later_checks_cannot_run(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    root = tiny_project()
    (root / "graph" / "broken.ttl").write_text(
        "@prefix ex: <http://e/> .\nex:a ex:b\n", encoding="utf-8"
    )
    run = run_cli(["check"])
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[1] == (
        "FAIL turtle  graph/broken.ttl: line 2, column 10: not valid Turtle: "
        "objectList expected, at the end of the file"
    )
    assert "ERROR shapes  not run: ontology/ or graph/ does not parse" in lines
    assert "ERROR quotes  not run: ontology/ or graph/ does not parse" in lines


def test_an_empty_queries_folder_is_a_failure(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    root = tiny_project()
    (root / "queries" / "vote-shares.rq").unlink()
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[-1] == "FAIL queries no stored queries (.rq files) in queries/"


def test_a_query_that_does_not_parse_names_line_and_column(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    root = tiny_project()
    (root / "queries" / "broken.rq").write_text(
        "PREFIX ekg: <https://w3id.org/electionkg/ontology#>\n"
        "SELECT ?x WHERE {\n  ?x ekg:value\n}\n",
        encoding="utf-8",
    )
    run = run_cli(["check"])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[-2].startswith("FAIL queries queries/broken.rq: line ")


def test_a_missing_data_root_is_bad_input(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ELECTIONKG_DATA", str(tmp_path / "nowhere"))
    run = run_cli(["check"])
    assert run.exit_code == 2
    assert run.stderr == (
        f"electionkg: error: {tmp_path / 'nowhere'}: the data folder does not exist "
        "(see $ELECTIONKG_DATA)\n"
    )
    assert run.stdout == ""


# -- one gate: build refuses what check refuses, and the commands read the same files ---------


def test_build_refuses_a_quote_that_is_not_verbatim(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    tiny_project(quote="Aliyev won the election with 92.1 percent of the votes, he told a news")
    run = run_cli(["build", "--store", str(tmp_path / "store")])
    assert run.exit_code == 1
    assert "fails its checks, so it is not built or served" in run.stdout + run.stderr
    assert (
        "figure:aliyev-share: quote not in the seed (white space collapsed)"
        in run.stdout + run.stderr
    )
    assert not (tmp_path / "store").exists()


def test_build_refuses_a_changed_seed_file(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = tiny_project()
    seed = root / "seeds" / "000_2af81fb8c01dd542.txt"
    seed.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    run = run_cli(["build", "--store", str(tmp_path / "store")])
    assert run.exit_code == 1
    recorded = "5cdaaa653d19d2835b0f1088a3f4e4189686a56d8059f41b3a7297cbd9282162"
    assert f"recorded {recorded}, the file has " in run.stdout + run.stderr


def test_build_refuses_a_value_its_quote_does_not_state(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    tiny_project(value="9.21")
    run = run_cli(["build", "--store", str(tmp_path / "store")])
    assert run.exit_code == 1
    assert (
        'figure:aliyev-share: number not in its quote: ekg:value "9.21" is not stated by '
        in run.stdout + run.stderr
    )


def test_an_unknown_file_in_a_data_folder_is_refused_by_every_command(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = tiny_project()
    (root / "graph" / "more-facts.txt").write_text("<a> <b> <c> .\n", encoding="utf-8")
    for argv in (["validate"], ["check"], ["build", "--store", str(tmp_path / "store")]):
        run = run_cli(argv)
        assert run.exit_code == 2, (argv, run.stdout, run.stderr)
        assert "graph/more-facts.txt: not a Turtle (.ttl) file" in run.stderr, argv
        assert run.stdout == "", argv


def test_hidden_files_in_a_data_folder_are_ignored(
    run_cli: RunCli, tiny_project: Callable[..., Path]
) -> None:
    root = tiny_project()
    (root / "graph" / ".tiny.ttl.swp").write_bytes(b"\x00 editor swap file")
    assert run_cli(["check"]).exit_code == 0


def test_validate_and_build_share_the_size_limit(
    run_cli: RunCli, tiny_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = tiny_project()
    big = root / "graph" / "big.ttl"
    big.write_text("# padding\n" * (11 * 1024 * 1024 // 10), encoding="utf-8")
    for argv in (["validate"], ["build", "--store", str(tmp_path / "store")]):
        run = run_cli(argv)
        assert run.exit_code == 2, argv
        assert "graph/big.ttl: 11.0 MB, more than the 10 MB limit for one file" in run.stderr


def copy_of_the_data(repo_root: Path, root: Path) -> Path:
    """A copy of the project's data folders at ``root``, to edit one mistake into."""
    import shutil

    for folder in ("ontology", "graph", "shapes", "queries", "seeds", "ledger"):
        shutil.copytree(repo_root / folder, root / folder)
    return root


def test_build_with_data_reads_that_roots_files_in_every_stage(
    run_cli: RunCli, repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--data`` holds for the checks that run in a worker thread too: a stale line in that
    root's ledger fails the build (those checks once read the default root's ledger)."""
    from electionkg import config

    root = copy_of_the_data(repo_root, tmp_path / "data")
    with (root / "ledger" / "coverage.csv").open("a", encoding="utf-8") as ledger:
        ledger.write('004_e1baffdf63e13df4.txt,No such sentence,,"a stale line"\n')
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)  # no checkout above: only --data names this root
    result = run_cli(["--data", str(root), "build"])
    assert result.exit_code == 1, result.stdout
    assert '"No such sentence"' in result.stderr


def test_an_ill_typed_date_is_one_message_naming_the_node_not_rdflibs_warning(
    run_cli: RunCli, repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "2024-09-31" is no date: the build says so on the node, and rdflib's own warning (which
    names a Python function) is not shown."""
    from electionkg import config

    root = copy_of_the_data(repo_root, tmp_path / "data")
    facts = root / "graph" / "az-2024-parliamentary.ttl"
    text = facts.read_text(encoding="utf-8")
    old = 'ekg:pollingDate "2024-09-01"^^xsd:date'
    assert old in text
    facts.write_text(text.replace(old, 'ekg:pollingDate "2024-09-31"^^xsd:date'), encoding="utf-8")
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "cache"))
    result = run_cli(["--data", str(root), "build"])
    assert result.exit_code == 1
    assert 'ekg:pollingDate has the ill-typed literal "2024-09-31"^^xsd:date' in result.stderr
    assert "Failed to convert" not in result.stderr and "Traceback" not in result.stderr
