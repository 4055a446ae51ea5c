"""``electionkg quote``: print the anchors and evidence Turtle of some words of a seed."""

from __future__ import annotations

import sys

from electionkg.provenance.selectors import quote_anchors


def print_quote(source: str, words: str) -> int:
    """Print every occurrence's selectors; 0 if the words occur once, 1 if not or more."""
    seed, anchors = quote_anchors(source, words)
    if not anchors:
        print(f"not in seeds/{seed} (white space collapsed): {words!r}", file=sys.stderr)
        return 1
    document = f"source:{seed.removesuffix('.txt')}"
    for number, anchor in enumerate(anchors, 1):
        print(f"# occurrence {number} of {len(anchors)} in seeds/{seed}")
        print(f"#   exact:  {anchor.exact!r}")
        print(f"#   prefix: {anchor.prefix!r}")
        print(f"#   suffix: {anchor.suffix!r}")
        print(f"#   start:  {anchor.start}  end: {anchor.end} (code points of the file as stored)")
        print(anchor.turtle(document))
    if len(anchors) > 1:
        print(
            f"the words occur {len(anchors)} times in seeds/{seed}: keep the prefix and suffix "
            "of the one you mean",
            file=sys.stderr,
        )
        return 1
    return 0
