"""Values against their quotes: one family of checks, one message per mistake.

Two kinds of test read the quotes, and a mistake usually fails both, so they are merged here
and each mistake is reported once:

* **per quote** (this module): each value an evidence node ``ekg:states`` is in that quote's
  words: a number in digits or words with the node's bound (:mod:`.values`), a date by its
  stated words (on the weekday they name) or its month and day, a flag by its word ("snap"),
  an entity by a label or a recorded alias, a count progress by its number, a results status by
  its words ("early tallies", "processing": partial; "preliminary": preliminary);
* **per node** (:mod:`electionkg.build.wording`): a figure's value and count progress are
  stated by some quote of the node even where no quote ``ekg:states`` them (with the bound the
  words give), a final figure is not quoted as "preliminary", a weekday resolves to the week of
  the date line, nothing is dated after the document that reports it.

A per-node problem about a value, a count progress or a date is left out when a per-quote
problem already names the same node and fact: that quote's message is the more precise one.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from electionkg.build.wording import node_problems
from electionkg.provenance.facts import FactProblem, show
from electionkg.provenance.snapshot import EKG, EVIDENCE_OF, Snapshot, Term, name
from electionkg.provenance.values import states_number
from electionkg.rdf import namespaces

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    f"{_XSD}{kind}"
    for kind in (
        *("decimal", "integer", "double", "float", "int", "long", "short", "byte"),
        *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"),
        *("unsignedInt", "unsignedLong"),
    )
}
# Our readings of the words rather than words: a bound or a unit is stated where the value is.
_QUALIFIERS = {EKG + "bound", EKG + "unit", EKG + "dateStatedAs", EKG + "dateResolvedAgainst"}
_MONTHS = "january february march april may june july august september october november december"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_FLAG_WORDS = {
    EKG + "isSnapElection": ("snap", "extraordinary", "early"),
    EKG + "isIndependent": ("independent",),
    EKG + "isFormer": ("former",),
}
_ELECTION_PROPERTIES = {EKG + "aboutElection", EKG + "inElection", EKG + "observes"}
_ELECTION_WORDS = ("election", "polls", "vote", "ballot", "parliament")
_STATUS_WORDS = {
    EKG + "PartialResults": ("partial", "early tallies", "processing", "processed", "counted"),
    EKG + "PreliminaryResults": ("preliminary",),
    EKG + "FinalResults": ("final", "certified", "official results"),
}
"""The words that state each results status: a partial count is not stated by "preliminary"."""
_SAME_MISTAKE = {
    EKG + "value": "value",
    EKG + "bound": "value",
    EKG + "progressValue": "value",
    EKG + "countProgress": "progress",
    EKG + "date": "date",
    EKG + "pollingDate": "date",
    EKG + "dateStatedAs": "date",
    EKG + "resultsStatus": "status",
}
"""Which per-node problem a per-quote problem about a property makes redundant."""


class _Node:
    """What the checks of one node need besides the stated value: its number, bound, date words."""

    def __init__(self) -> None:
        self.value: Term | None = None
        self.bound = "Exact"
        self.stated_as: str | None = None


def check_values(snapshot: Snapshot) -> tuple[list[str], dict[str, int]]:
    """One message per value that its quotes do not state, sorted; and the values checked
    per quote, by kind (number, date, flag, entity, text, status, reading)."""
    problems, counts = _per_quote(snapshot)
    problems += _reading_notes(snapshot, counts)
    covered = {(node, _SAME_MISTAKE.get(prop, prop)) for node, prop, _ in problems}
    messages = {message for _, _, message in problems}
    quotes: dict[Term, list[str]] = {}
    for evidence in snapshot.evidence.values():
        for node in evidence.claims:
            found = quotes.setdefault(node, [])
            found += [
                exact for selector in evidence.selectors.values() for exact in selector.exacts
            ]
    for node, key, message in node_problems(snapshot.store, quotes):
        if (node, key) not in covered:
            messages.add(message)
    return sorted(messages), counts


def _per_quote(snapshot: Snapshot) -> tuple[list[tuple[Term, str, str]], dict[str, int]]:
    rows = snapshot.select(
        f"""SELECT ?node ?ev ?prop ?value WHERE {{
            {EVIDENCE_OF} ?ev ekg:states ?prop . ?node ?prop ?value }}"""
    )
    nodes = _node_details(snapshot)
    labels = entity_labels(snapshot)
    progress = {
        holder: value
        for holder, value in snapshot.select(
            "SELECT ?progress ?value WHERE { ?progress ekg:progressValue ?value }"
        )
    }
    counts: dict[str, int] = {}
    problems = []
    lowered: dict[str, str] = {}
    for node, ev, prop, value in rows:
        quote = snapshot.evidence[ev].quote() if ev in snapshot.evidence else ""
        if quote not in lowered:
            lowered[quote] = quote.lower()
        details = nodes.get(node) or _Node()
        kind, ok = value_check(details, prop.value, value, quote, lowered[quote], labels, progress)
        counts[kind] = counts.get(kind, 0) + 1
        if not ok:
            message = FactProblem(
                name(node),
                f"{kind} not in its quote",
                f'{name(prop)} {show(value)} is not stated by "{_cut(quote)}"',
            )
            problems.append((node, prop.value, str(message)))
    return problems, counts


_READ_AS = re.compile(r"\bread as ([a-z][a-z0-9]*:[A-Za-z0-9][A-Za-z0-9_-]*)")


def _reading_notes(snapshot: Snapshot, counts: dict[str, int]) -> list[tuple[Term, str, str]]:
    """A reading whose note names the value it was read as ("ekg:speaker: "Aliyev" read as
    person:ilham-aliyev") must name a value the node has: a value swapped for another (Heydar
    for Ilham Aliyev) no longer matches its note. Counted as readings checked."""
    prefixes = namespaces.PREFIXES
    values: dict[tuple[Term, str], set[Term]] = {}
    for node, prop, value in snapshot.select(
        f"SELECT ?node ?p ?v WHERE {{ {EVIDENCE_OF} ?ev ekg:statesByReading ?p . ?node ?p ?v }}"
    ):
        values.setdefault((node, prop.value), set()).add(value)
    problems = []
    for evidence in snapshot.evidence.values():
        for note in evidence.notes if evidence.by_reading else ():
            for part in note.split("; "):
                head, _, reading = part.partition(": ")
                prop = _expand(head, prefixes)
                found = _READ_AS.search(reading)
                if prop not in evidence.by_reading or found is None:
                    continue
                named = _expand(found.group(1), prefixes)
                for node in evidence.claims:
                    has = values.get((node, prop), set())
                    counts["reading"] = counts.get("reading", 0) + 1
                    if any(getattr(value, "value", None) == named for value in has):
                        continue
                    shown = ", ".join(sorted(show(value) for value in has)) or "none"
                    message = FactProblem(
                        name(node),
                        "reading names another value",
                        f"{name(ox.NamedNode(prop))} is {shown}, "
                        f'but its reading note says "{part}"',
                    )
                    problems.append((node, prop, str(message)))
    return problems


def _expand(curie: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = curie.partition(":")
    return prefixes[prefix] + local if prefix in prefixes and local else curie


def _node_details(snapshot: Snapshot) -> dict[Term, _Node]:
    nodes: dict[Term, _Node] = {}
    for node, prop, value in snapshot.select(
        f"""SELECT ?node ?p ?o WHERE {{ VALUES ?p {{ ekg:value ekg:bound ekg:dateStatedAs }}
            ?node ?p ?o . FILTER EXISTS {{ {EVIDENCE_OF} }} }}"""
    ):
        details = nodes.setdefault(node, _Node())
        kind = prop.value.rsplit("#", 1)[-1]
        if kind == "value" and details.value is None:
            details.value = value
        elif kind == "bound":
            details.bound = value.value.rsplit("#", 1)[-1]
        elif kind == "dateStatedAs" and details.stated_as is None:
            details.stated_as = value.value
    return nodes


def entity_labels(snapshot: Snapshot) -> dict[Term, set[str]]:
    """Each node's lower-case labels and recorded aliases, a person's family name where no other
    person has it, and those of a candidacy's candidate or a leadership's state (two SELECTs;
    the closure in Python). "Aliyev" alone names Ilham, Heydar or Fuad Aliyev: which one is a
    reading of the article, not its words."""
    own: dict[Term, set[str]] = {}
    family_names: dict[str, set[Term]] = {}
    for holder, label in snapshot.select(
        "SELECT ?holder ?label WHERE { VALUES ?p { rdfs:label skos:altLabel skos:prefLabel } "
        "?holder ?p ?label }",
        ontology=True,  # a term of the ontology is named by its labels there
    ):
        text = label.value.lower()
        if text:
            own.setdefault(holder, set()).add(text)
            if "/id/person/" in holder.value and len(text.split()) > 1:
                family_names.setdefault(text.split()[-1], set()).add(holder)
    for family_name, people in family_names.items():
        if len(people) == 1:
            own[next(iter(people))].add(family_name)
    links: dict[Term, list[Term]] = {}
    for entity, holder in snapshot.select(
        "SELECT ?entity ?holder WHERE { VALUES ?p { ekg:candidate ekg:leadershipOf } "
        "?entity ?p ?holder }"
    ):
        links.setdefault(entity, []).append(holder)
    labels: dict[Term, set[str]] = {}
    for entity in set(own) | set(links):
        found, seen, todo = set(), {entity}, [entity]
        while todo:
            holder = todo.pop()
            found |= own.get(holder, set())
            for nxt in links.get(holder, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if found:
            labels[entity] = found
    return labels


def value_check(
    node: _Node,
    prop: str,
    value: Term,
    quote: str,
    lowered: str,
    labels: dict[Term, set[str]],
    progress: dict[Term, Term],
) -> tuple[str, bool]:
    """The value's kind (number, date, flag, entity, status, reading) and whether ``quote``
    states it."""
    if prop in _QUALIFIERS:
        if prop in (EKG + "bound", EKG + "unit"):
            return "reading", node.value is not None and _number_stated(node, node.value, quote)
        return "reading", True
    if prop in (EKG + "value", EKG + "progressValue"):
        return "number", _number_stated(node, value, quote)
    if prop == EKG + "countProgress":
        number = progress.get(value)
        return "number", number is not None and states_number(quote, _decimal(number))
    if prop == EKG + "resultsStatus":
        words = _STATUS_WORDS.get(str(value.value) if isinstance(value, ox.NamedNode) else "", ())
        return "status", any(word in lowered for word in words)
    if prop == EKG + "stance":
        return "reading", True
    if isinstance(value, ox.Literal):
        return _literal_check(node, prop, value, quote, lowered)
    if prop in _ELECTION_PROPERTIES:
        return "entity", any(word in lowered for word in _ELECTION_WORDS)
    return "entity", any(_has_words(lowered, label) for label in labels.get(value, ()))


def _literal_check(
    node: _Node, prop: str, value: ox.Literal, quote: str, lowered: str
) -> tuple[str, bool]:
    datatype = value.datatype.value
    if datatype == _XSD + "boolean":
        return "flag", any(word in lowered for word in _FLAG_WORDS.get(prop, ()))
    if datatype == _XSD + "gYear":
        return "date", value.value in quote
    if datatype in (_XSD + "date", _XSD + "gYearMonth"):
        if node.stated_as is not None and node.stated_as.lower() in lowered:
            return "date", _weekday_agrees(node.stated_as, value)
        parts = value.value.split("-")
        try:
            month = _MONTHS.split()[int(parts[1]) - 1] if len(parts) > 1 else ""
            day = f" {int(parts[2])}" if len(parts) > 2 else ""
        except (ValueError, IndexError):
            return "date", True  # an ill-typed date is the well-typed-literals rule's to report
        return "date", f"{month}{day}" in lowered
    if datatype in _NUMERIC:
        return "number", states_number(quote, _decimal(value))
    return "text", value.value.lower() in lowered


def _weekday_agrees(words: str, value: ox.Literal) -> bool:
    """A weekday the words name ("on Wednesday", "later Monday") is the date's weekday."""
    named = [day for day in _WEEKDAYS if day in words.lower()]
    if not named or value.datatype.value != _XSD + "date":
        return True
    try:
        day = datetime.date.fromisoformat(value.value)
    except ValueError:
        return True  # an ill-typed date is the well-typed-literals rule's to report
    return _WEEKDAYS[day.weekday()] in named


def _has_words(text: str, words: str) -> bool:
    """``words`` occur in ``text`` as whole words ("Aliyev" is not in "Aliyeva")."""
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if (start == 0 or not _word_character(text[start - 1])) and (
            end == len(text) or not _word_character(text[end])
        ):
            return True
        start = text.find(words, start + 1)
    return False


def _word_character(character: str) -> bool:
    """What a regular expression's ``\\w`` matches: a letter, a digit or an underscore. (A
    pattern per label overflows the ``re`` module's cache at scale.)"""
    return character.isalnum() or character == "_"


def _number_stated(node: _Node, value: Term, quote: str) -> bool:
    return states_number(quote, _decimal(value), node.bound)


def _decimal(value: Term) -> Decimal:
    try:
        return Decimal(value.value)
    except InvalidOperation:
        return Decimal("NaN")


def _cut(text: str, size: int = 50) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."
