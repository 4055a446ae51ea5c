"""HTTP content negotiation by q-value (RFC 9110 §12.5.1), for the linked-data server.

The best offer is the one with the highest q-value for the most specific matching range; at
the same q an offer the client names explicitly beats one it only accepts through a wildcard
(a legacy browser's ``text/html, application/xhtml+xml, image/jxr, */*`` gets HTML); remaining
ties go to the server's order of preference, never to whichever the client listed first
(rdflib sends ``application/rdf+xml, text/n3, text/turtle, ...`` without q-values and should
get Turtle, which we prefer; Comunica sends a q-weighted list and gets what it ranks highest).

A range that cannot be read is ignored, as RFC 9110 lets a server do, rather than failing the
whole request: Java's default ``text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2`` has a
bare ``*`` and a q-value without its leading zero, and ``q=0.8000`` has one digit too many;
these are read leniently (any number from 0 to 1). Only a header too long for any real client
is refused (400). A header with no readable range counts as absent (``*/*``). Why ``*/*`` gets
data, not HTML (DBpedia and Wikidata differ): docs/design.md, section 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

MAX_ACCEPT_LENGTH = 4096
"""A longer ``Accept`` header is refused (400): no real client sends one."""
MAX_ACCEPT_RANGES = 64

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_RANGE = re.compile(rf"^\s*({_TOKEN})/({_TOKEN})\s*((?:;[^;]*)*)$")
_Q = re.compile(r"^(?:0|1)?(?:\.\d*)?$")


class BadAcceptHeader(ValueError):
    """The ``Accept`` header cannot be read (too long, or a range that is not ``type/subtype``)."""


class MediaRange(NamedTuple):
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``,
        -1 not at all."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == kind and self.subtype == "*":
            return 1
        if self.type == kind and self.subtype == sub:
            return 2
        return -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header (unreadable ones left out); none means ``*/*``."""
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    if len(header) > MAX_ACCEPT_LENGTH:
        raise BadAcceptHeader(f"the Accept header is longer than {MAX_ACCEPT_LENGTH} characters")
    parts = [part for part in header.split(",") if part.strip()]
    if len(parts) > MAX_ACCEPT_RANGES:
        raise BadAcceptHeader(f"the Accept header lists more than {MAX_ACCEPT_RANGES} ranges")
    ranges = [media_range for part in parts if (media_range := _read_range(part)) is not None]
    return ranges or [MediaRange("*", "*", 1.0)]


def _read_range(part: str) -> MediaRange | None:
    match = _RANGE.match(part)
    if match is None:
        return None
    kind, sub, params = match.group(1).lower(), match.group(2).lower(), match.group(3)
    if kind == "*" and sub != "*":
        return None
    q = 1.0
    for param in params.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            value = value.strip()
            if not value or value == "." or not _Q.match(value) or float(value) > 1:
                return None
            q = float(value)
    return MediaRange(kind, sub, q)


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the client prefers (``offers`` in the server's preference order),
    or None when the client accepts none of them (the server answers 406)."""
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        specificity, q = -1, 0.0
        for media_range in ranges:
            level = media_range.matches(offer)
            if level > specificity:
                specificity, q = level, media_range.q
        if specificity < 0 or q <= 0:
            continue
        score = (q, specificity, -rank)
        if best is None or score > best:
            best, chosen = score, offer
    return chosen
