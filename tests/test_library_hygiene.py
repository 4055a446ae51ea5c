"""The library speaks through return values, logging and typed errors; only the CLI prints.

* No module outside ``electionkg/cli/`` calls ``print``: progress and warnings are log records.
* No message of the library names a command-line flag (``--store``): a Python caller has none.
  Every string of a library module is read from its source (``ast``), docstrings aside.
* The command line names the flag instead (``electionkg.cli.wording``), and its table of phrases
  holds only phrases the library still writes.
* The command line shows the library's log records as its own lines, even when ``logging`` is
  imported late: a warm query never imports it.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from conftest import CliRun

from electionkg.cli.wording import FLAG_WORDING, for_the_command_line

PACKAGE = Path(__file__).resolve().parent.parent / "electionkg"

FLAG = re.compile(r"(?<![\w-])--[a-z]")
"""A command-line flag: two hyphens and a letter, not inside a word (``a--b``) or ``---``."""

ANSWERS_TO_HTTP_CLIENTS = {
    "web/sparql_endpoint.py": "(serve --allow-service IRI adds one)",
}
"""Messages that are not the library's to a caller but the server's to a remote client, telling
what the server's operator would change (the operator runs ``electionkg serve``)."""


def library_modules() -> list[Path]:
    cli = PACKAGE / "cli"
    return sorted(path for path in PACKAGE.rglob("*.py") if cli not in path.parents)


def _docstrings(tree: ast.AST) -> set[int]:
    """The string statements of a module (docstrings, attribute docstrings): not messages."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def test_only_the_command_line_prints() -> None:
    printing = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in library_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]
    assert printing == [], "log (logging.getLogger(__name__)) or return the text"


def test_no_library_message_names_a_command_line_flag() -> None:
    naming = []
    for path in library_modules():
        module = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.replace(ANSWERS_TO_HTTP_CLIENTS.get(module, "\0"), "")
                if id(node) not in skip and FLAG.search(text):
                    naming.append(f"{module}:{node.lineno}: {node.value!r}")
    assert naming == [], "name the parameter (endpoint=URL) and map it in electionkg.cli.wording"


def test_the_scan_finds_a_flag_where_there_is_one() -> None:
    """The two checks above are real: they see a print and a flag when there is one."""
    tree = ast.parse(
        'def f():\n    """--store in a docstring is fine."""\n    raise E("--store x")\n'
    )
    messages = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in _docstrings(tree)
    ]
    assert [m for m in messages if FLAG.search(m)] == ["--store x"]
    assert not FLAG.search("a sentence -- with dashes, and well-known words")


def test_every_phrase_of_the_wording_table_is_still_written_by_the_library() -> None:
    strings = [
        node.value
        for path in library_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    stale = [phrase for phrase, _ in FLAG_WORDING if not any(phrase in s for s in strings)]
    assert stale == []


@pytest.mark.parametrize(
    ("library", "command_line"),
    [
        (
            "endpoint=http://h:3030: this Fuseki has 2 datasets (a, b): give dataset=NAME",
            "--endpoint http://h:3030: this Fuseki has 2 datasets (a, b): give --dataset NAME",
        ),
        (
            "PUT http://h/x?graph=g: HTTP 401 Unauthorized; check the user and the password of "
            "credentials=Credentials(USER, PASSWORD)",
            "PUT http://h/x?graph=g: HTTP 401 Unauthorized; check --user and the password in the "
            "--password-env variable",
        ),
        (
            "no answer within 0.5 s; check that the server is not stuck or overloaded, or allow "
            "more with timeout=SECONDS",
            "no answer within 0.5 s; check that the server is not stuck or overloaded, or allow "
            "more with --timeout",
        ),
        (
            "server_default_graph=True takes the server's default graph as it is: do not combine "
            "it with default_graphs or inference=False",
            "--server-default-graph takes the server's default graph as it is: do not combine "
            "it with --default-graph-uri or --no-inference",
        ),
        (
            "/tmp/x: not an electionkg store (build one with Project.build(store=/tmp/x))",
            "/tmp/x: not an electionkg store (build one with `electionkg build --store /tmp/x`)",
        ),
        (
            "base_url must be an http(s) URL such as http://localhost:8080/: 'ftp://e.org/'",
            "--base-url must be an http(s) URL such as http://localhost:8080/: 'ftp://e.org/'",
        ),
        # a URL's own query parameters are left alone
        (
            "GET http://h/q?store=a&dataset=b: HTTP 404",
            "GET http://h/q?store=a&dataset=b: HTTP 404",
        ),
    ],
)
def test_the_command_line_names_the_flag_of_each_parameter(library: str, command_line: str) -> None:
    assert for_the_command_line(library) == command_line


def test_a_library_error_reads_with_parameters_and_the_command_line_with_flags(
    run_cli: Callable[[Sequence[str]], CliRun],
) -> None:
    from electionkg.errors import InputError
    from electionkg.remote.graph_store import resolve_target

    with pytest.raises(InputError) as raised:
        resolve_target("http://127.0.0.1:9/", "fuseki")
    assert str(raised.value) == (
        "endpoint=http://127.0.0.1:9: Fuseki needs the dataset: give dataset=NAME or the "
        "dataset URL (http://host:3030/NAME)"
    )
    run = run_cli(["load", "--endpoint", "ftp://127.0.0.1:9/", "--store", "fuseki"])
    assert (run.exit_code, run.stderr) == (
        2,
        "electionkg: error: --endpoint ftp://127.0.0.1:9/: not an http:// or https:// URL "
        "with a host\n",
    )


LATE_LOGGING = """
import sys
from electionkg.cli import _main

code = _main(["query", "winner", "--format", "csv"])
print("logging imported by a warm query:", "logging" in sys.modules)
import logging

logging.getLogger("electionkg.remote.endpoint").warning("empty: name them with default_graphs")
logging.getLogger("electionkg.remote.endpoint").info("not progress: not shown")
logging.getLogger("rdflib.term").warning("a warning of a dependency")
sys.exit(code)
"""


def test_a_warm_query_does_not_import_logging_and_late_records_are_still_lines() -> None:
    """``logging`` costs a warm query about 4 ms; imported later, its records still show."""
    from electionkg.build.store import ensure_built

    ensure_built()  # warm: the subprocess finds the build in the session's cache
    run = subprocess.run(
        [sys.executable, "-c", LATE_LOGGING], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "logging imported by a warm query: False"
    assert run.stderr.splitlines() == [
        "electionkg: warning: empty: name them with --default-graph-uri",
        "electionkg: warning: a warning of a dependency",
    ]


def test_progress_lines_are_shown_for_load_and_only_while_it_runs(
    run_cli: Callable[[Sequence[str]], CliRun], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Progress is INFO on the library's loggers; the command line shows it for ``load``."""
    import logging

    progress = logging.getLogger("electionkg.remote.graph_store")
    assert run_cli(["load", "--write-files", str(tmp_path)]).exit_code == 0
    progress.info("a line of load's progress with store=NAME")
    assert capsys.readouterr().err == "a line of load's progress with --store\n"
    assert run_cli(["queries"]).exit_code == 0
    progress.info("a line of progress nobody asked for")
    progress.warning("a warning")
    assert capsys.readouterr().err == "electionkg: warning: a warning\n"


def test_quote_prints_the_selectors_of_each_occurrence(
    run_cli: Callable[[Sequence[str]], CliRun],
) -> None:
    """The command line prints what :mod:`electionkg.provenance.quote_tool` writes as text."""
    once = run_cli(["quote", "000", "Aliyev won the election with 92.1 percent of the votes"])
    assert once.exit_code == 0 and once.stderr == ""
    assert once.stdout.splitlines()[:5] == [
        "# occurrence 1 of 1 in seeds/000_2af81fb8c01dd542.txt",
        "#   exact:  'Aliyev won the election with 92.1 percent of the votes'",
        "#   prefix: 'rly tallies showed that '",
        "#   suffix: ' after 54.5 percent of e'",
        "#   start:  554  end: 608 (code points of the file as stored)",
    ]
    assert "oa:TextPositionSelector ; oa:start 554 ; oa:end 608" in once.stdout
    several = run_cli(["quote", "000", "Aliyev"])  # seven times in seed 000
    assert several.exit_code == 1
    assert several.stdout.count("# occurrence ") == 7
    assert several.stderr == (
        "the words occur 7 times in seeds/000_2af81fb8c01dd542.txt: keep the prefix and suffix "
        "of the one you mean\n"
    )
    missing = run_cli(["quote", "000", "no such words"])
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert missing.stderr == (
        "not in seeds/000_2af81fb8c01dd542.txt (white space collapsed): 'no such words'\n"
    )


def test_verbose_shows_what_the_library_does(
    tiny_project: Callable[..., Path],
    run_cli: Callable[[Sequence[str]], CliRun],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A query that has to build first says so with ``-v`` (INFO of electionkg.build.store)."""
    tiny_project()
    monkeypatch.setenv("ELECTIONKG_CACHE_DIR", str(tmp_path / "cache"))
    run = run_cli(["-v", "query", "vote-shares", "--format", "csv"])
    assert run.exit_code == 0, run.stderr
    cache = re.escape(str(tmp_path / "cache"))
    building = [line for line in run.stderr.splitlines() if line.startswith("building")]
    assert len(building) == 1
    assert re.fullmatch(rf"building the dataset into {cache}/[0-9a-f]{{64}}", building[0])
    stages = [line.split(" in ")[0] for line in run.stderr.splitlines()[2:]]
    assert stages == ["parsed the ontology and the facts", "reasoned", "validated"]
    again = run_cli(["query", "vote-shares", "--format", "csv"])
    assert (again.stdout, again.stderr) == (run.stdout, "")
