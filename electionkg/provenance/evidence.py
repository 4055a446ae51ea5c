"""The evidence rules SHACL cannot express: quotes are verbatim, seed files are unchanged.

Evidence is a W3C Web Annotation node::

    ?claim ekg:evidence ?ev .
    ?ev a oa:SpecificResource ; oa:hasSource ?doc ; oa:hasSelector ?sel .
    ?sel a oa:TextQuoteSelector ; oa:exact ?quote .          # oa:prefix, oa:suffix optional
    ?doc ekg:seedFile "NNN_xxxx.txt" ; ekg:sha256 "hex" .

A quote is verbatim when it occurs in the seed file after runs of white space are collapsed
to one space in both (seeds break lines mid-sentence); nothing else is normalised, so curly
quotes must be kept. A prefix must end right where the quote starts and a suffix must start
right where it ends, at the same occurrence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.term import Node

from electionkg import paths
from electionkg.rdf import namespaces
from electionkg.shacl.report import short

OA = Namespace(namespaces.PREFIXES["oa"])
EKG = Namespace(namespaces.EKG)

_WHITE_SPACE = re.compile(r"\s+")
_EVIDENCE_LINKS = (EKG.evidence, EKG.directQuote, EKG.paraphrase)
"""How a claim or a statement points to its evidence: every quote is named after its node."""
_EXCERPT = 60


@dataclass(frozen=True, order=True)
class EvidenceProblem:
    """One broken evidence rule, every field a short readable string."""

    claim: str
    document: str
    seed_file: str
    quote: str
    problem: str

    def __str__(self) -> str:
        """``claim: problem: "quote excerpt" (source doc, seeds/file)``."""
        about = f"{self.claim}: " if self.claim else ""
        quote = f': "{self.quote}"' if self.quote else ""
        where = f"source {self.document or '(none)'}"
        if self.seed_file:
            where += f", seeds/{self.seed_file}"
        return f"{about}{self.problem}{quote} ({where})"


def collapse_white_space(text: str) -> str:
    """Every run of white space (line breaks included) as one space."""
    return _WHITE_SPACE.sub(" ", text)


def check_evidence(graph: Graph, seeds: Path | None = None) -> list[EvidenceProblem]:
    """Both rules: every quote verbatim, every seed file's SHA-256 as recorded."""
    return sorted(check_quotes(graph, seeds) + check_seed_hashes(graph, seeds))


def check_quotes(graph: Graph, seeds: Path | None = None) -> list[EvidenceProblem]:
    """Every ``oa:exact`` (with its ``oa:prefix``/``oa:suffix``) occurs in its seed file."""
    folder = seeds if seeds is not None else paths.seeds_dir()
    texts: dict[str, str | None] = {}
    problems = []
    for evidence, selector in graph.subject_objects(OA.hasSelector):
        for exact in graph.objects(selector, OA.exact):
            claims: list[Node | None] = [
                claim for link in _EVIDENCE_LINKS for claim in graph.subjects(link, evidence)
            ] or [None]
            documents: list[Node | None] = [*graph.objects(evidence, OA.hasSource)] or [None]
            for claim in claims:
                for document in documents:
                    problem = _quote_problem(graph, folder, texts, document, selector, exact)
                    if problem:
                        problems.append(
                            EvidenceProblem(
                                claim=_name(claim),
                                document=_name(document),
                                seed_file=_seed_name(graph, document),
                                quote=_excerpt(str(exact)),
                                problem=problem,
                            )
                        )
    return sorted(problems)  # by their readable fields: a stable order


def check_seed_hashes(graph: Graph, seeds: Path | None = None) -> list[EvidenceProblem]:
    """Every document with an ``ekg:seedFile`` or used as evidence source has a matching hash."""
    folder = seeds if seeds is not None else paths.seeds_dir()
    documents = set(graph.subjects(EKG.seedFile, None)) | set(graph.objects(None, OA.hasSource))
    problems = []
    for document in documents:
        problem = _hash_problem(graph, folder, document)
        if problem:
            problems.append(
                EvidenceProblem(
                    claim="",
                    document=_name(document),
                    seed_file=_seed_name(graph, document),
                    quote="",
                    problem=problem,
                )
            )
    return sorted(problems)


def _quote_problem(
    graph: Graph,
    folder: Path,
    texts: dict[str, str | None],
    document: Node | None,
    selector: Node,
    exact: Node,
) -> str | None:
    if document is None:
        return "evidence has no oa:hasSource"
    seed = _seed_name(graph, document)
    if not seed:
        return "source document has no ekg:seedFile"
    if seed not in texts:
        texts[seed] = _read_seed(folder, seed)
    text = texts[seed]
    if text is None:
        return "seed file not found"
    quote = collapse_white_space(str(exact))
    if not quote.strip():
        return "empty oa:exact"
    prefix = _optional(graph, selector, OA.prefix)
    suffix = _optional(graph, selector, OA.suffix)
    starts = _occurrences(quote, text)
    if not starts:
        return "quote not in the seed (white space collapsed)"
    before = {start: prefix is None or text[:start].endswith(prefix) for start in starts}
    after = {
        start: suffix is None or text[start + len(quote) :].startswith(suffix) for start in starts
    }
    if any(before[start] and after[start] for start in starts):
        return None
    if not any(before.values()):
        return (
            f'oa:prefix "{_excerpt(prefix or "")}" does not come right before the quote in the seed'
        )
    if not any(after.values()):
        return (
            f'oa:suffix "{_excerpt(suffix or "")}" does not come right after the quote in the seed'
        )
    return "oa:prefix and oa:suffix match different occurrences of the quote in the seed"


def _occurrences(needle: str, text: str) -> list[int]:
    """Every start of ``needle`` in ``text``, overlapping ones included."""
    starts = []
    start = text.find(needle)
    while start >= 0:
        starts.append(start)
        start = text.find(needle, start + 1)
    return starts


def _hash_problem(graph: Graph, folder: Path, document: Node) -> str | None:
    seed = _seed_name(graph, document)
    if not seed:
        return "source document has no ekg:seedFile"
    recorded = graph.value(document, EKG.sha256)
    if recorded is None:
        return "source document has no ekg:sha256"
    path = _seed_path(folder, seed)
    if path is None or not path.is_file():
        return "seed file not found"
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if str(recorded).strip().lower() != actual:
        return digest_difference(str(recorded).strip().lower(), actual)
    return None


def digest_difference(recorded: str, actual: str) -> str:
    """Both digests in full, and where they first differ (digests can share a long prefix)."""
    first = next(
        (i for i, (a, b) in enumerate(zip(recorded, actual, strict=False)) if a != b),
        min(len(recorded), len(actual)),
    )
    return f"SHA-256 differs from character {first + 1}: recorded {recorded}, the file has {actual}"


def _read_seed(folder: Path, seed: str) -> str | None:
    path = _seed_path(folder, seed)
    if path is None or not path.is_file():
        return None
    return collapse_white_space(path.read_bytes().decode("utf-8", "replace"))


def _seed_path(folder: Path, seed: str) -> Path | None:
    """The seed file, or None for a name that is not a plain file name (e.g. ``../x``)."""
    if Path(seed).name != seed or seed in (".", ".."):
        return None
    return folder / seed


def _seed_name(graph: Graph, document: Node | None) -> str:
    if document is None:
        return ""
    value = graph.value(document, EKG.seedFile)
    return str(value) if isinstance(value, Literal) else ""


def _optional(graph: Graph, selector: Node, predicate: Node) -> str | None:
    value = graph.value(selector, predicate)
    return collapse_white_space(str(value)) if value is not None else None


def _name(node: Node | None) -> str:
    return short(node) if node is not None else ""


def _excerpt(text: str) -> str:
    text = collapse_white_space(text)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 3] + "..."
