"""Print the mutation suite's catch rate: ``python -m tests.mutations.report`` (from the repo root).

One line per mutation (caught or not, and the first message naming the node), then the catch
rate over the catchable mutations and the list of mutations no rule can catch from inside the
repository, with what would catch them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from electionkg.cli import log_lines

from .catalogue import MUTATIONS, NOT_RUN_UNCATCHABLE, UNCATCHABLE
from .harness import run


def main() -> int:
    # Warnings as the command line shows them (rdflib's traceback for a mutated "2024-02-31"
    # date is dropped: the well-typed-literals rule reports that node).
    log_lines.install("mutations", progress=False)
    started = time.perf_counter()
    caught = 0
    with tempfile.TemporaryDirectory() as scratch:
        for index, mutation in enumerate(MUTATIONS):
            folder = Path(scratch) / str(index)
            folder.mkdir()
            outcome = run(mutation, folder)
            caught += outcome.caught
            lines = [line.strip() for line in outcome.text.splitlines() if mutation.blame in line]
            first = lines[0] if lines else "(no message names the node)"
            print(f"{'caught' if outcome.caught else 'MISSED':<7}{mutation.name}\n         {first}")
        seconds = time.perf_counter() - started
        print(
            f"\ncaught {caught} of {len(MUTATIONS)} catchable mutations "
            f"({100 * caught / len(MUTATIONS):.1f} %) in {seconds:.1f} s"
        )
        print("\nnot catchable from inside the repository:")
        for index, mutation in enumerate(UNCATCHABLE):
            folder = Path(scratch) / f"u{index}"
            folder.mkdir()
            passes = not run(mutation, folder).refused
            print(
                f"- {mutation.name} ({'passes, as listed' if passes else 'NOW CAUGHT'}): "
                f"would catch it: {mutation.would_catch}"
            )
        for text in NOT_RUN_UNCATCHABLE:
            print(f"- {text}")
    return 0 if caught == len(MUTATIONS) else 1


if __name__ == "__main__":
    sys.exit(main())
