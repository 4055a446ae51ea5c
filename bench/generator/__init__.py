"""Deterministic synthetic election graphs with the seed texts their quotes come from.

Modules by concern: ``turtle`` (Turtle text with exact triple counts), ``seeds`` (seed texts,
anchors and hashes), ``world`` (names, countries, sources, sourced nodes), ``figures``,
``statements``, ``events``, ``presidential``, ``parliamentary`` (what an election holds), and
``graph`` (the size-controlled loop that writes the files). ``bench/generate_graph.py`` is the
command line.
"""

from .graph import MANIFEST, ElectionSummary, Generator, Summary, generate, prepare

__all__ = ["MANIFEST", "ElectionSummary", "Generator", "Summary", "generate", "prepare"]
