"""Reading the numbers a quote states, in digits or in words, with the bound the words give.

``numbers_in("over 90,300 observers")`` is ``[Number(90300, "AtLeast")]``; "two percent",
"seven candidates", "one and a half years", "a year ahead", "a thousand webcams" are read as
2, 7, 1.5, 1 and 1000. "over", "more than", "exceeding", "at least" give a lower bound
(``AtLeast``); "about", "around", "nearly", "approximately" an ``Approximately``; anything else
is ``Exact``. A figure's value is stated by a quote when one of the quote's numbers has the same
value and bound (:func:`states_number`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_UNITS = {
    "a": 1,
    "an": 1,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    word: number
    for number, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ],
        1,
    )
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1000000}
_AT_LEAST = ("over", "more than", "exceeding", "at least", "above", "upwards of", "in excess of")
_ABOUT = ("about", "around", "nearly", "approximately", "some", "almost", "roughly")
# Words that make "a"/"an"/"one" a count rather than an article: "a year", "a thousand".
_COUNTED = {"year", "years", "thousand", "hundred", "million", "half"}

_DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w])")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Number:
    """A number a text states, and its bound: ``Exact``, ``AtLeast`` or ``Approximately``."""

    value: Decimal
    bound: str
    words: str


@lru_cache(maxsize=65536)
def numbers_in(text: str) -> tuple[Number, ...]:
    """Every number ``text`` states, in digits or in words (ordinals included)."""
    found = []
    for match in _DIGITS.finditer(text):
        try:
            value = Decimal(match.group(1).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only matches numerals
            continue
        found.append(Number(value, _bound(text[: match.start()]), match.group(0)))
    found.extend(_word_numbers(text))
    return tuple(found)


@lru_cache(maxsize=65536)  # a figure's value is checked for its value, bound and unit alike
def states_number(text: str, value: Decimal, bound: str = "Exact") -> bool:
    """Whether ``text`` states ``value`` with this bound (``Exact`` also accepts no bound word)."""
    return any(number.value == value and number.bound == bound for number in numbers_in(text))


def _word_numbers(text: str) -> list[Number]:
    words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    found = []
    index = 0
    while index < len(words):
        word, start, end = words[index]
        nxt = words[index + 1][0] if index + 1 < len(words) else ""
        if word in _ORDINALS:
            found.append(Number(Decimal(_ORDINALS[word]), "Exact", word))
            index += 1
            continue
        if word not in _UNITS or (
            word in ("a", "an", "one") and nxt not in _COUNTED and word != "one"
        ):
            index += 1
            continue
        value = Decimal(_UNITS[word])
        last = index
        # "one and a half", "a thousand", "two hundred"
        if [w for w, _, _ in words[index + 1 : index + 4]] == ["and", "a", "half"]:
            value += Decimal("0.5")
            last = index + 3
        elif nxt in _SCALES:
            value *= _SCALES[nxt]
            last = index + 1
        found.append(Number(value, _bound(text[:start]), text[start : words[last][2]]))
        index = last + 1
    return found


def _bound(before: str) -> str:
    tail = " ".join(before.lower().split()[-3:])
    if any(tail.endswith(word) for word in _AT_LEAST):
        return "AtLeast"
    if any(tail.endswith(word) for word in _ABOUT):
        return "Approximately"
    return "Exact"
