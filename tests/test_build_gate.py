"""The build's gate runs beside validation and reasoning: in a thread, or on big data in two
child processes, one per half (forked, so that its Python does not wait for the GIL the other
stages share). Both give the same refusal; what a child raises comes back to the build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from electionkg.build import gate, pipeline
from electionkg.build.store import DataFolders
from electionkg.errors import InputError, InvalidDataError


def _refusal(root: Path) -> str:
    with pytest.raises(InvalidDataError) as refused:
        pipeline.build_in_store(DataFolders.under(root))
    return str(refused.value)


def test_the_gate_in_a_child_process_refuses_what_the_thread_refuses(
    tiny_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tiny_project(value="93.1")  # the quote says 92.1
    with (root / "graph" / "tiny.ttl").open("a", encoding="utf-8") as graph:
        # A node with no type, for the other half of the gate (the rules) to find.
        graph.write(
            "\n<https://w3id.org/electionkg/id/person/nobody> "
            '<http://www.w3.org/2000/01/rdf-schema#label> "Nobody" .\n'
        )
    in_thread = _refusal(root)
    assert "number not in its quote" in in_thread and "[typed]" in in_thread
    monkeypatch.setattr(pipeline, "GATE_IN_CHILD_BYTES", 0)  # the two halves in two children
    assert _refusal(root) == in_thread


def test_on_big_data_the_gate_runs_in_another_process(
    tiny_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tiny_project()

    def where(store: object, seeds: Path, parts: tuple[str, ...] = gate.PARTS) -> gate.GateReport:
        return gate.GateReport(problems={"pid": [f"checked in process {os.getpid()}"]})

    monkeypatch.setattr(gate, "run_gate", where)
    assert f"checked in process {os.getpid()}" in _refusal(root)
    monkeypatch.setattr(pipeline, "GATE_IN_CHILD_BYTES", 0)
    refusal = _refusal(root)
    assert "checked in process" in refusal and f"process {os.getpid()}" not in refusal


def test_an_error_in_the_child_is_raised_by_the_build(
    tiny_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tiny_project()
    monkeypatch.setattr(pipeline, "GATE_IN_CHILD_BYTES", 0)

    def unreadable(store: object, seeds: Path, parts: object = None) -> gate.GateReport:
        raise InputError(f"{seeds}/000.txt: cannot read the seed")

    monkeypatch.setattr(gate, "run_gate", unreadable)
    with pytest.raises(InputError, match="cannot read the seed"):
        pipeline.build_in_store(DataFolders.under(root))

    class Unpicklable(Exception):
        def __init__(self, message: str, handle: object) -> None:
            super().__init__(message)
            self.handle = handle

    def odd(store: object, seeds: Path, parts: object = None) -> gate.GateReport:
        raise Unpicklable("a lambda inside", lambda: None)

    monkeypatch.setattr(gate, "run_gate", odd)
    with pytest.raises(RuntimeError, match="a lambda inside"):
        pipeline.build_in_store(DataFolders.under(root))
