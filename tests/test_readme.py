"""The README's quick start is what CI runs (one source of truth for the test command)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    """The command lines of the README's quick-start code blocks."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```sh\n")[1:]
    return [line for block in blocks for line in block.split("```")[0].splitlines() if line]


def test_ci_runs_the_readme_test_command() -> None:
    test_command = [line for line in quick_start_commands() if "pytest" in line]
    assert len(test_command) == 1
    ci_script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command[0] in ci_script.splitlines()


def test_the_main_job_is_the_congratulations_query() -> None:
    assert (
        "pip install . && electionkg query who-congratulated-the-winner" in quick_start_commands()
    )


def readme_section(title: str) -> str:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n{title}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def test_the_python_example_prints_what_the_readme_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    section = readme_section("### From Python")
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed = section.split("```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(REPO_ROOT)  # "found as the command line finds it": the checkout
    monkeypatch.delenv("ELECTIONKG_DATA", raising=False)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == printed


def test_the_virtuoso_paragraph_counts_what_the_tests_expect() -> None:
    from test_remote_virtuoso import VIRTUOSO_DEVIATIONS

    stored = sorted(path.stem for path in (REPO_ROOT / "queries").glob("*.rq"))
    paragraph = readme_section("### Do the stored queries agree?")
    # Deviations are keyed by (query, whether the server's default graph was used): the
    # paragraph counts the answers with the dataset's graphs named, as `query --endpoint` asks.
    named = {name for name, server_default in VIRTUOSO_DEVIATIONS if not server_default}
    answered = len(stored) - len(named)
    assert f"answer all {len(stored)} as expected" in paragraph
    assert f"Virtuoso 7.2.5 (Debian 12)\nanswers {answered}:" in paragraph
    assert all(f"`{name}`" in paragraph for name, _ in VIRTUOSO_DEVIATIONS)
    with_default = len(stored) - sum(
        1 for _, server_default in VIRTUOSO_DEVIATIONS if server_default
    )
    assert f"with the server's default graph it answers {with_default}" in paragraph
