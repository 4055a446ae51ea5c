"""Every curator mistake of the catalogue is refused by the build's checks, naming the node."""

from __future__ import annotations

from pathlib import Path

import pytest

from .catalogue import MUTATIONS, UNCATCHABLE, Mutation
from .harness import run


def test_the_catalogue_holds_at_least_60_mutations() -> None:
    assert len(MUTATIONS) >= 60
    assert len({m.name for m in MUTATIONS}) == len(MUTATIONS)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_the_build_refuses_the_mistake_naming_the_node(mutation: Mutation, tmp_path: Path) -> None:
    outcome = run(mutation, tmp_path)
    assert outcome.refused, f"{mutation.name}: the build's checks pass"
    assert outcome.names_node, (
        f"{mutation.name}: no message names {mutation.blame}:\n{outcome.text}"
    )


@pytest.mark.parametrize("mutation", UNCATCHABLE, ids=lambda m: m.name)
def test_an_uncatchable_mistake_really_passes(mutation: Mutation, tmp_path: Path) -> None:
    """Listed as uncatchable from inside the repository: if a rule starts catching it, move it."""
    assert mutation.would_catch
    outcome = run(mutation, tmp_path)
    assert not outcome.refused, outcome.text
