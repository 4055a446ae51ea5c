"""The README's quick start is what CI runs (one source of truth for the test command)."""

from __future__ import annotations

from pathlib import Path

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
