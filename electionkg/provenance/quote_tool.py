"""``electionkg quote``: the anchors and evidence Turtle of some words of a seed, as text."""

from __future__ import annotations

from collections.abc import Sequence

from electionkg.provenance.selectors import Anchor


def describe_anchors(seed: str, anchors: Sequence[Anchor]) -> str:
    """Each occurrence's selectors as comment lines, then its evidence Turtle (one per line)."""
    document = f"source:{seed.removesuffix('.txt')}"
    lines = []
    for number, anchor in enumerate(anchors, 1):
        lines += [
            f"# occurrence {number} of {len(anchors)} in seeds/{seed}",
            f"#   exact:  {anchor.exact!r}",
            f"#   prefix: {anchor.prefix!r}",
            f"#   suffix: {anchor.suffix!r}",
            f"#   start:  {anchor.start}  end: {anchor.end} (code points of the file as stored)",
            anchor.turtle(document),
        ]
    return "".join(f"{line}\n" for line in lines)
