"""The seed texts the generated quotes come from, and the evidence Turtle that anchors them.

Each generated source gets a seed file ``DIR/seeds/NNN_xxxxxxxxxxxxxxxx.txt`` made only of the
sentences its kept quotes sit in (one sentence a paragraph), so every sentence of a generated
seed is quoted, in whole or in part. A quote already inside an earlier sentence of the same
source is anchored there instead of being written twice. The offsets, ``oa:prefix`` and
``oa:suffix`` are computed by the project's own selectors library on the finished text, and
the seed's SHA-256 is recorded in its source node, as for the real seeds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from electionkg.provenance.selectors import anchor_at

from .turtle import Digest, Piece, Quote, Source, en, lit

_SEPARATOR = "\n\n"


def sentence_for(quote: Quote) -> str:
    """The sentence holding the quote: its frame, or the quote made into a sentence."""
    if quote.frame:
        return quote.frame.replace("{q}", quote.exact)
    text = quote.exact
    return text if text.endswith(".") else text + "."


def place(quote: Quote) -> None:
    """Put the quote in its source: inside an earlier sentence that holds it, or a new one."""
    sentences = quote.source.sentences
    if not quote.frame:
        for index in range(len(sentences) - 1, -1, -1):
            offset = sentences[index].find(quote.exact)
            if offset >= 0:
                quote.sentence, quote.offset = index, offset
                return
    if not quote.frame and not quote.exact[0].isupper():  # a sentence starts with a capital
        quote.exact = quote.exact[0].upper() + quote.exact[1:]
    sentence = sentence_for(quote)
    quote.sentence, quote.offset = len(sentences), sentence.find(quote.exact)
    sentences.append(sentence)


def finish(source: Source, folder: Path) -> None:
    """Write the seed file and record its text and SHA-256."""
    source.text = _SEPARATOR.join(source.sentences) + ("\n" if source.sentences else "")
    data = source.text.encode("utf-8")
    source.digest = hashlib.sha256(data).hexdigest()
    (folder / source.seed_file).write_bytes(data)


def render_evidence(quote: Quote) -> str:
    """The evidence node: ekg:states, the quote selector with prefix/suffix, the offsets."""
    source = quote.source
    start = sum(len(s) + len(_SEPARATOR) for s in source.sentences[: quote.sentence])
    start += quote.offset
    anchor = anchor_at(source.text, start, start + len(quote.exact))
    lines = [f"[ a oa:SpecificResource ; oa:hasSource {source.iri} ;"]
    if quote.states:
        lines.append(f"        ekg:states {' , '.join(quote.states)} ;")
    if quote.reading:
        lines.append(f"        ekg:statesByReading {' , '.join(quote.reading)} ;")
        lines.append(f"        ekg:readingNote {en(quote.note)} ;")
    lines.append(
        f"        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {lit(anchor.exact)} ;\n"
        f"            oa:prefix {lit(anchor.prefix)} ; oa:suffix {lit(anchor.suffix)} ] ,\n"
        f"          [ a oa:TextPositionSelector ; oa:start {anchor.start} ; "
        f"oa:end {anchor.end} ] ]"
    )
    return "\n".join(lines)


def render(parts: list[list[Piece]], folder: Path) -> Iterable[str]:
    """Place every quote, write the seeds they make, then yield the Turtle text."""
    sources: dict[str, Source] = {}
    for pieces in parts:
        for piece in pieces:
            if isinstance(piece, Quote):
                place(piece)
                sources.setdefault(piece.source.iri, piece.source)
            elif isinstance(piece, Digest):
                sources.setdefault(piece.source.iri, piece.source)
    for source in sources.values():
        finish(source, folder)
    for pieces in parts:
        for piece in pieces:
            if isinstance(piece, Quote):
                yield render_evidence(piece)
            elif isinstance(piece, Digest):
                yield lit(piece.source.digest)
            else:
                yield piece
