"""The files of a SHACL fixture case: the ontology, the shared context, then the fixture.

A shape fixture (``tests/shapes/{valid,invalid}/*.ttl``) holds only what its case is about; the
reference nodes most cases mention (states, places, seed documents with their hashes, people,
parties and organisations) are written once in ``tests/shapes/context.ttl`` and merged in. A
fixture that needs one of those nodes described otherwise (a state without a label, a document
without its hash) opts out with the first line ``# context: none`` and carries all its data.
Fixture folders without a ``context.ttl`` beside them (``tests/evidence/``) have no context.
Every reader of the fixtures (pySHACL's reference report, the project's engine, Jena) takes a
case's files from ``case_files``, so they all validate the same graph.

Sourced claims (elections, groups) stay in the cases: pySHACL runs its SPARQL constraints per
sourced node, so each one in the context costs every case (with both elections in it, pySHACL
took 86 % more CPU over all fixtures than without a context; without them, 25 % more).
"""

from __future__ import annotations

import functools
from pathlib import Path

from electionkg import paths

TESTS = Path(__file__).resolve().parent.parent
SHAPE_FIXTURES = TESTS / "shapes"
CONTEXT_NAME = "context.ttl"
NO_CONTEXT = "# context: none"


def shape_fixtures(outcome: str) -> list[Path]:
    """The shape fixtures of one outcome folder (``valid`` or ``invalid``), sorted."""
    return sorted((SHAPE_FIXTURES / outcome).glob("*.ttl"))


def context_file(fixture: Path) -> Path | None:
    """The shared context ``fixture`` is validated with, or None (opted out, or no context)."""
    context = fixture.parent.parent / CONTEXT_NAME
    if not context.is_file():
        return None
    with fixture.open(encoding="utf-8") as text:
        first_line = text.readline()
    return None if first_line.startswith(NO_CONTEXT) else context


def data_files(fixture: Path) -> tuple[Path, ...]:
    """The data files of a case without the ontology: the context (if used), then the fixture."""
    context = context_file(fixture)
    return (fixture,) if context is None else (context, fixture)


@functools.cache
def ontology_files() -> tuple[Path, ...]:
    return tuple(paths.turtle_files(paths.ontology_dir()))


def case_files(fixture: Path) -> tuple[Path, ...]:
    """Every file of the data graph of a fixture's case: ontology, context (if used), fixture."""
    return (*ontology_files(), *data_files(fixture))
