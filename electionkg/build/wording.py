"""Figures and dates against the words of their quotes: the checks SHACL cannot say.

A curator who types 92.1 as 9.21, stores "over 92" as exactly 92, relabels partial results as
final, or dates a Monday announcement a week early leaves a node that every shape accepts. The
quotes hold the answer, so these checks read them:

- **value:** a figure's ``ekg:value`` (and its count progress) is a number one of its quotes
  states, in digits ("92.05", "90,300", "92%") or in words ("two", "fifth", "one and a half");
- **bound:** the figure's ``ekg:bound`` (exact when absent) is how one of those quotes words the
  number: "over", "more than", "at least" make a lower bound, "about", "nearly" an approximation;
- **status:** a figure marked ``ekg:FinalResults`` is not quoted as "preliminary", "partial" or
  "early";
- **dates:** nothing is dated after the date line of a document that reports it, unless its
  quote speaks of the future ("Baku is to host");
- **relative dates:** a date stated as a weekday ("on Wednesday", "announced Monday") falls on
  that weekday, in the week up to the date line of the document it was resolved against.

These are the per-node half of the values family; :mod:`electionkg.provenance.value_checks`
runs them with the per-quote half and reports each mistake once. Numbers are read by
:mod:`electionkg.provenance.values`, the one reader of numbers in words and digits.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from electionkg.build.integrity import FACTS, PREFIXES, describe
from electionkg.provenance.values import numbers_in

_NOT_FINAL = re.compile(r"\b(preliminary|partial|early|incomplete)\b", re.I)
_FUTURE = re.compile(
    r"\b((is|are) (to|scheduled|set to|expected to)|will (be held|take place|host))\b", re.I
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EKG = "https://w3id.org/electionkg/ontology#"
_BOUND_NAMES = {_EKG + name: name for name in ("Exact", "AtLeast", "Approximately")}
_BOUND_WORDS = {"AtLeast": '"over", "more than"...', "Approximately": '"about", "nearly"...'}

Problem = tuple[Any, str, str]
"""(the node, which of its facts is wrong: value, progress, status, date or date-after, the
message)."""


def node_problems(store: ox.Store, quotes: Mapping[Any, list[str]] | None = None) -> list[Problem]:
    """The value, bound, status and date checks of each node, against all its quotes
    (``quotes``: each node's quotes, when the caller has them already; else they are read)."""
    return _figures(store, quotes) + _relative_dates(store) + _dates_after_report(store)


def _dates_after_report(store: ox.Store) -> list[Problem]:
    """No event dated after the date line of a document that reports it, unless the quote
    speaks of the future ("the COP29 climate conference that Baku is to host")."""
    rows = _select(
        store,
        """SELECT DISTINCT ?node ?value ?line ?document WHERE {
            ?document ekg:dateLine ?line . ?node prov:wasDerivedFrom ?document .
            { ?node ekg:date ?value } UNION { ?node ekg:pollingDate ?value }
            FILTER (?value > ?line)
        }""",
    )
    problems = []
    for row in rows:
        quotes = _select(
            store,
            f"""SELECT ?words WHERE {{
                <{row["node"].value}> ekg:evidence|ekg:directQuote|ekg:paraphrase ?evidence .
                ?evidence oa:hasSelector/oa:exact ?words }}""",
        )
        if any(_FUTURE.search(quote["words"].value) for quote in quotes):
            continue
        problems.append(
            (
                row["node"],
                "date-after",
                f"{describe(store, row['node'])}: is dated {describe(store, row['value'])}, "
                f"after the date line {describe(store, row['line'])} of "
                f"{describe(store, row['document'])}, "
                "which reports it (and its quote does not speak of the future) "
                "[date not after the report]",
            )
        )
    return problems


def stated_numbers(quote: str) -> list[tuple[Decimal, str]]:
    """Every number the words state, with how they bound them (``Exact``, ``AtLeast``,
    ``Approximately``): ``"over 92 percent"`` gives ``[(92, "AtLeast")]``."""
    return [(number.value, number.bound) for number in numbers_in(quote)]


def _figures(store: ox.Store, quotes: Mapping[Any, list[str]] | None) -> list[Problem]:
    quote_pattern = (
        "OPTIONAL { ?node (ekg:evidence|ekg:directQuote|ekg:paraphrase)/oa:hasSelector/oa:exact "
        "?quote }"
        if quotes is None
        else ""
    )
    rows = _select(
        store,
        f"""SELECT ?node ?value ?bound ?status ?progress ?quote WHERE {{
            ?node ekg:value ?value .
            OPTIONAL {{ ?node ekg:bound ?bound }}
            OPTIONAL {{ ?node ekg:countProgress/ekg:progressValue ?progress }}
            OPTIONAL {{ ?node ekg:resultsStatus ?status }}
            {quote_pattern}
        }}""",
    )
    figures: dict[Any, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for key in ("value", "bound", "status", "progress", "quote"):
            if row[key] is not None:
                figures[row["node"]][key].add(row[key].value)
    if quotes is not None:
        for node, facts in figures.items():
            facts["quote"].update(quotes.get(node, ()))
    # A count progress is often stated once, in the sentence of the leading figure, and holds
    # for the figures reported with it: it must be stated by a quote of some figure that has it.
    progress_stated = {
        number
        for facts in figures.values()
        for quote in facts["quote"]
        for number, _ in stated_numbers(quote)
        if any(number == _decimal(text) for text in facts["progress"])
    }
    problems = []
    for node, facts in figures.items():
        name = describe(store, node)
        readings = [reading for quote in facts["quote"] for reading in stated_numbers(quote)]
        for text in facts["value"]:
            problems += [
                (node, "value", message)
                for message in _value_problems(
                    name, text, facts["bound"], readings, bool(facts["quote"])
                )
            ]
        for text in facts["progress"]:
            if facts["quote"] and _decimal(text) not in progress_stated:
                message = (
                    f"{name}: has the count progress {text}, which none of its quotes states "
                    "[value as quoted]"
                )
                problems.append((node, "progress", message))
        if _EKG + "FinalResults" in facts["status"]:
            for quote in facts["quote"]:
                word = _NOT_FINAL.search(quote)
                if word:
                    message = (
                        f'{name}: is marked final (ekg:FinalResults) but its quote says "{word[0]}"'
                        " [status as quoted]"
                    )
                    problems.append((node, "status", message))
    return problems


def _value_problems(
    name: str, text: str, bounds: set[str], readings: list[tuple[Decimal, str]], quoted: bool
) -> list[str]:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return []  # an ill-typed value is the shapes' and the types check's to report
    if not quoted:
        return []  # a figure without a quote is the shapes' to report
    said = {bound for number, bound in readings if number == value}
    if not said:
        return [f"{name}: has the value {text}, which none of its quotes states [value as quoted]"]
    bound = _BOUND_NAMES.get(next(iter(bounds)), "?") if len(bounds) == 1 else "Exact"
    if bounds and len(bounds) > 1:
        return []  # two bounds: the shapes report the cardinality
    if bound not in said:
        hint = " or ".join(_BOUND_WORDS.get(b, "a plain number") for b in sorted(said))
        shown = {"AtLeast": "at-least", "Approximately": "about"}.get(bound, bound.lower())
        return [
            f"{name}: has the bound {shown} for {text}, but its quotes word it as {hint} "
            "[bound as quoted]"
        ]
    return []


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _relative_dates(store: ox.Store) -> list[Problem]:
    rows = _select(
        store,
        """SELECT ?node ?stated ?date ?line ?document WHERE {
            ?node ekg:dateStatedAs ?stated ; ekg:date|ekg:pollingDate ?date ;
                  ekg:dateResolvedAgainst ?document .
            ?document ekg:dateLine ?line .
        }""",
    )
    problems = []
    for row in rows:
        try:
            date = datetime.date.fromisoformat(row["date"].value)
            line = datetime.date.fromisoformat(row["line"].value)
        except (AttributeError, ValueError):
            continue  # an ill-typed date is the shapes' to report
        stated = row["stated"].value.lower()
        days = [day for day in _WEEKDAYS if re.search(rf"\b{day}\b", stated)]
        if not days:
            continue
        weekday = _WEEKDAYS[date.weekday()]
        in_week = line - datetime.timedelta(days=6) <= date <= line
        if weekday not in days or not in_week:
            message = (
                f"{describe(store, row['node'])}: is dated {date} (a {weekday.title()}), but "
                f'"{row["stated"].value}" resolved against the date line {line} of '
                f"{describe(store, row['document'])} means the {days[0].title()} of the week up "
                "to that day [relative date]"
            )
            problems.append((row["node"], "date", message))
    return problems


def _select(store: ox.Store, query: str) -> list[dict[str, Any]]:
    solutions = store.query(PREFIXES + "\n" + query, default_graph=FACTS)  # data only
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    return [{name: row[name] for name in names} for row in solutions]
