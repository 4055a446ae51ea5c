"""Join order inside ``EXISTS`` blocks of SHACL-SPARQL queries, for Oxigraph's planner.

A small tokenizer of plain basic graph patterns; blocks that hold anything else are left as
written.
"""

from __future__ import annotations

import re

from rdflib.namespace import RDF

_BGP_TOKEN = re.compile(
    r"""\s*(<[^<>"\s]*>|"(?:[^"\\]|\\.)*"(?:\^\^(?:<[^>]*>|\w*:\w*)|@[\w-]+)?|[?$]\w+"""
    r"""|\w*:[\w.-]*\w|\w*:|a(?=\s)|true|false|[+-]?\d+(?:\.\d+)?|[;,.])"""
)
_EXISTS_BLOCK = re.compile(r"\bEXISTS\s*\{(?P<body>[^{}]*)\}", re.I)
_VARIABLE = re.compile(r"[?$](\w+)")


def join_order_in_exists(query: str) -> str:
    """Reorder the triple patterns of each plain ``EXISTS { ... }`` block for Oxigraph.

    Oxigraph evaluates the pattern of an EXISTS in the order written, without knowing which
    variables the enclosing pattern binds; a block that starts with ``?x a ekg:Class`` scans
    every instance for every row (12 s instead of 0.02 s on a million triples). A basic graph
    pattern is a set, so any order gives the same answer: patterns joined to variables used
    outside the block come first, ``rdf:type`` patterns last. Blocks holding anything but
    triple patterns (filters, paths, nested groups) are left as they are.
    """

    def reorder(match: re.Match[str]) -> str:
        triples = _parse_bgp(match.group("body"))
        if triples is None or len(triples) < 2:
            return match.group(0)
        outside = query[: match.start()] + query[match.end() :]
        bound = set(_VARIABLE.findall(outside))
        ordered = []
        while triples:
            best = min(triples, key=lambda triple: _pattern_cost(triple, bound))
            triples.remove(best)
            ordered.append(best)
            bound |= {n for term in best for n in _VARIABLE.findall(term)}
        body = " ".join(f"{s} {p} {o} ." for s, p, o in ordered)
        return match.group(0)[: match.start("body") - match.start()] + f" {body} }}"

    return _EXISTS_BLOCK.sub(reorder, query)


def _pattern_cost(triple: tuple[str, str, str], bound: set[str]) -> tuple[int, int]:
    """Join order: patterns sharing a bound variable first, ``?x a <Class>`` patterns last."""
    names = {n for term in triple for n in _VARIABLE.findall(term)}
    typed = triple[1] in ("a", f"<{RDF.type}>") and triple[2][0] not in "?$"
    return (0 if names & bound else 1, 1 if typed else 0)


def _parse_bgp(text: str) -> list[tuple[str, str, str]] | None:
    """The triple patterns of a block of plain triples (``;`` and ``,`` allowed), else None."""
    tokens = []
    position = 0
    while text[position:].strip():
        token = _BGP_TOKEN.match(text, position)
        if token is None:
            return None
        tokens.append(token.group(1))
        position = token.end()
    triples = []
    index = 0
    while index < len(tokens):
        if tokens[index] in ";,.":
            return None
        subject = tokens[index]
        index += 1
        while True:
            if index + 1 >= len(tokens) or tokens[index] in ";,." or tokens[index + 1] in ";,.":
                return None
            predicate = tokens[index]
            index += 1
            while True:
                triples.append((subject, predicate, tokens[index]))
                index += 1
                if index < len(tokens) and tokens[index] == ",":
                    index += 1
                    continue
                break
            if index < len(tokens) and tokens[index] == ";":
                index += 1
                if index < len(tokens) and tokens[index] == ".":
                    index += 1
                    break
                continue
            if index < len(tokens) and tokens[index] == ".":
                index += 1
            break
    return triples
