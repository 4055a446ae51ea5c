"""Deterministic synthetic election graphs, for measuring how the build and the queries scale.

    python bench/generate_graph.py --triples 100000 --seed 1 --out out/scale/data-100000

writes ``OUT/graph/*.ttl`` (``reference.ttl`` with the shared international actors, then one
file per generated country), ``OUT/seeds/NNN_xxxxxxxxxxxxxxxx.txt`` (the article text every
quote comes from, its SHA-256 recorded in the source node) and copies ``ontology/``,
``shapes/`` and ``queries/`` of this repository beside it, so that
``ELECTIONKG_DATA=OUT electionkg check`` and ``electionkg query winner`` run on it.
``OUT/generated.json`` records what was generated (seed, triples, instances per class, every
election with its winner and the number of rows the stored query ``winner`` gives for it).

Why synthetic data: the real graph has two elections (about 2,000 triples), far too small to see
how parsing, SHACL validation, OWL RL reasoning and the stored queries grow with the data. The
generated graph uses the ontology the way ``graph/`` does (every claim derived from a news
article, with Web Annotation evidence whose quote is verbatim in the generated seed, anchored
by prefix, suffix and offsets, and names the facts it states with ``ekg:states``; vote
shares at several count snapshots, each snapshot summing to 100; turnout from different
reporters; congratulations addressed to the winner; justifications only of snap elections; seats
within the legislature's size), so that it conforms to the project's shapes and the stored
queries have realistic work to do. Every class that a shape targets has instances.

The code is the package ``bench/generator/`` (see its ``__init__``); this file is the command
line. Design choices:

* Turtle is written as text, never built as an rdflib graph: 1M triples take seconds, and the
  triple count is known exactly while writing (each block counts what it writes). Evidence
  anchors and seed hashes are filled in when a country's file is written, once the generator
  knows which blocks it keeps, so that every sentence of a seed is quoted.
* Everything random comes from one ``random.Random(seed)``; nothing depends on the time, on hash
  ordering or on the file system: the same seed and size give byte-identical files.
* Size is controlled by the number of countries and elections; the last election keeps only
  the optional parts that fit, so the total lands within a few triples of the request (the
  count is of the facts in ``graph/``; the ontology adds about 900 more).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ holds the generator package

from generator import (  # noqa: E402
    MANIFEST,
    ElectionSummary,
    Generator,
    Summary,
    generate,
    prepare,
)

__all__ = ["MANIFEST", "ElectionSummary", "Generator", "Summary", "generate", "main", "prepare"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="facts to generate (about)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output data root")
    args = parser.parse_args(argv)
    if args.triples < 3000:
        parser.error("--triples: at least 3000 (one country with its elections)")
    started = time.perf_counter()
    summary = generate(args.triples, args.seed, args.out)
    seconds = time.perf_counter() - started
    print(
        f"{summary.triples} triples ({summary.triples / args.triples - 1:+.2%} of {args.triples}) "
        f"in {summary.files} files: {summary.countries} countries, {len(summary.elections)} "
        f"elections, {summary.seeds} seeds with {summary.quotes} quotes; {seconds:.1f} s "
        f"-> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
