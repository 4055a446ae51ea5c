"""Deterministic synthetic election graphs, for measuring how the build and the queries scale.

    python bench/generate_graph.py --triples 100000 --seed 1 --out out/scale/data-100000

writes ``OUT/graph/*.ttl`` (``reference.ttl`` with the shared international actors, then one
file per generated country) and copies ``ontology/``, ``shapes/`` and ``queries/`` of this
repository beside it, so that ``ELECTIONKG_DATA=OUT electionkg query winner`` runs on it.
``OUT/generated.json`` records what was generated (seed, triples, instances per class, every
election with its winner and the number of rows the stored query ``winner`` gives for it).

Why synthetic data: the real graph has two elections (about 2,000 triples), far too small to see
how parsing, SHACL validation, OWL RL reasoning and the stored queries grow with the data. The
generated graph uses the ontology the way ``graph/`` does (every claim derived from a news
article, with a Web Annotation quote selector whose source is one of the claim's sources; vote
shares at several count snapshots, each snapshot summing to 100; turnout from different
reporters; congratulations addressed to the winner; justifications only of snap elections; seats
within the legislature's size), so that it conforms to the project's shapes and the stored
queries have realistic work to do. Every class that a shape targets has instances.

Design choices:

* Turtle is written as text, never built as an rdflib graph: 1M triples take seconds, and the
  triple count is known exactly while writing (each block counts what it writes).
* Everything random comes from one ``random.Random(seed)``; nothing depends on the time, on hash
  ordering or on the file system: the same seed and size give byte-identical files.
* Size is controlled by the number of countries and elections. Each election is made of a
  mandatory core (the election, its outcome, candidacies, vote shares or seats, sources) and
  optional parts (statements, missions, figures, events, ...); the last election keeps only the
  optional parts that fit, so the total lands within a few triples of the request (the count is
  of the facts in ``graph/``; the ontology adds about 900 more).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parent.parent
COPIED_FOLDERS = ("ontology", "shapes", "queries")
MANIFEST = "generated.json"

PREFIXES = """\
@prefix ekg:          <https://w3id.org/electionkg/ontology#> .
@prefix rdfs:         <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:         <http://www.w3.org/ns/prov#> .
@prefix oa:           <http://www.w3.org/ns/oa#> .
@prefix org:          <http://www.w3.org/ns/org#> .
@prefix foaf:         <http://xmlns.com/foaf/0.1/> .
@prefix schema:       <https://schema.org/> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix person:       <https://w3id.org/electionkg/id/person/> .
@prefix organisation: <https://w3id.org/electionkg/id/organisation/> .
@prefix state:        <https://w3id.org/electionkg/id/state/> .
@prefix leadership:   <https://w3id.org/electionkg/id/leadership/> .
@prefix place:        <https://w3id.org/electionkg/id/place/> .
@prefix group:        <https://w3id.org/electionkg/id/group/> .
@prefix election:     <https://w3id.org/electionkg/id/election/> .
@prefix candidacy:    <https://w3id.org/electionkg/id/candidacy/> .
@prefix outcome:      <https://w3id.org/electionkg/id/outcome/> .
@prefix figure:       <https://w3id.org/electionkg/id/figure/> .
@prefix statement:    <https://w3id.org/electionkg/id/statement/> .
@prefix mission:      <https://w3id.org/electionkg/id/mission/> .
@prefix event:        <https://w3id.org/electionkg/id/event/> .
@prefix position:     <https://w3id.org/electionkg/id/position/> .
@prefix relation:     <https://w3id.org/electionkg/id/relation/> .
@prefix measure:      <https://w3id.org/electionkg/id/measure/> .
@prefix first:        <https://w3id.org/electionkg/id/first/> .
@prefix source:       <https://w3id.org/electionkg/id/source/> .

"""

_SYLLABLES = (
    "al", "an", "ar", "ba", "bel", "cor", "da", "dor", "el", "en", "fa", "gal", "ha", "is",
    "ka", "kor", "la", "lin", "ma", "mir", "na", "nor", "o", "pa", "ra", "ren", "sa", "sel",
    "ta", "tor", "u", "va", "vel", "za", "zen", "mon", "ver", "quin", "ros", "tal",
)  # fmt: skip
_COUNTRY_ENDINGS = ("ia", "land", "istan", "ovia", "ara", "eth", "onia", "ica")
_FIRST_NAMES = (
    "Amir", "Anna", "Boris", "Carla", "Dana", "Elif", "Farid", "Greta", "Hana", "Ivan", "Jana",
    "Kemal", "Lena", "Marat", "Nadia", "Oleg", "Petra", "Ravil", "Sara", "Timur", "Ula",
    "Viktor", "Yana", "Zaur", "Aida", "Bakhyt", "Ceyda", "Davit", "Emil", "Leyla",
)  # fmt: skip
_IGO_NAMES = (
    ("Organisation for Democratic Elections", "ODE"),
    ("Commonwealth of Northern States", "CNS"),
    ("Union of Coastal Nations", "UCN"),
    ("Council of Parliaments", "COP"),
    ("League of Eastern States", "LES"),
    ("Association of Election Bodies", "AEB"),
    ("Inter-Parliamentary Assembly", "IPA"),
    ("Organisation of Steppe States", "OSS"),
)
_STATE_COUNT = 24
_NEWS_AGENCIES = ("Global Wire", "Continental Press", "News Exchange", "World Dispatch")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- Turtle text with exact triple counts ---------------------------------------------------


class Nested(NamedTuple):
    """A blank node written inline (``[ ... ]``), with the triples and typed nodes it holds."""

    text: str
    triples: int
    types: tuple[str, ...]


Obj = str | Nested


@dataclass
class Block:
    """Turtle statements and what they hold: the exact triple count and instances per class.

    The count is kept while writing, so that the generator can stop at the requested size
    without parsing what it wrote. No block ever writes a triple that another block writes too
    (entities are defined once, in the block that introduces them), so counts add up.
    """

    parts: list[str] = field(default_factory=list)
    triples: int = 0
    types: dict[str, int] = field(default_factory=dict)

    def add(self, subject: str, pairs: Sequence[tuple[str, Obj]]) -> None:
        """One subject with its (predicate, object) pairs; objects may be inline blank nodes."""
        lines = []
        for predicate, obj in pairs:
            if isinstance(obj, Nested):
                self.triples += obj.triples
                for kind in obj.types:
                    self._count(kind)
                lines.append(f"{predicate} {obj.text}")
            else:
                if predicate == "a":
                    self._count(obj)
                lines.append(f"{predicate} {obj}")
        self.triples += len(pairs)
        self.parts.append(subject + " " + " ;\n    ".join(lines) + " .\n\n")

    def extend(self, other: Block) -> None:
        self.parts.extend(other.parts)
        self.triples += other.triples
        for kind, count in other.types.items():
            self.types[kind] = self.types.get(kind, 0) + count

    def _count(self, kind: str) -> None:
        self.types[kind] = self.types.get(kind, 0) + 1


def lit(text: str) -> str:
    """A Turtle string literal (short form; the generated text has no line breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def en(text: str) -> str:
    return lit(text) + "@en"


def xdate(day: datetime.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def xmonth(day: datetime.date) -> str:
    return f'"{day.year:04d}-{day.month:02d}"^^xsd:gYearMonth'


def xyear(year: int) -> str:
    return f'"{year:04d}"^^xsd:gYear'


def number(value: int) -> str:
    """An integer value as xsd:decimal, the datatype of ekg:value."""
    return f'"{value}"^^xsd:decimal'


def hundredths(value: int) -> str:
    """A value given in hundredths, as a decimal literal (5231 -> 52.31)."""
    return f"{value // 100}.{value % 100:02d}"


def percent_words(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}".rstrip("0").rstrip(".")


def evidence(source: str, exact: str) -> Nested:
    """A Web Annotation specific resource selecting ``exact`` in ``source``: five triples."""
    text = (
        f"[ a oa:SpecificResource ; oa:hasSource {source} ;\n"
        f"        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {lit(exact)} ] ]"
    )
    return Nested(text, 5, ("oa:SpecificResource", "oa:TextQuoteSelector"))


def count_progress(value: int, unit: str) -> Nested:
    text = (
        f"[ a ekg:CountProgress ; ekg:progressValue {hundredths(value)} ;\n"
        f"        ekg:progressUnit {unit} ]"
    )
    return Nested(text, 3, ("ekg:CountProgress",))


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


# --- the world: shared actors, countries, people ---------------------------------------------


@dataclass
class Person:
    iri: str
    name: str
    birth_year: int
    defined: bool = False


@dataclass
class Source:
    iri: str
    label: str


@dataclass
class Country:
    index: int
    slug: str
    name: str
    capital: str
    region: str
    cec: str
    legislature: str
    ministry: str
    parties: list[tuple[str, str]]
    news: list[str]
    pollsters: list[str]
    civil_society: str
    people: list[Person]
    president: Person | None = None
    wins: dict[str, int] = field(default_factory=dict)
    legislature_size: int = 100


@dataclass(frozen=True)
class ElectionSummary:
    """One generated election: what ``winner`` must answer for it, known from the generator."""

    iri: str
    kind: str
    winner: str
    winner_rows: int


@dataclass
class Summary:
    seed: int
    requested: int
    triples: int = 0
    countries: int = 0
    files: int = 0
    elections: list[ElectionSummary] = field(default_factory=list)
    types: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {
            "seed": self.seed,
            "requested_triples": self.requested,
            "triples": self.triples,
            "countries": self.countries,
            "files": self.files,
            "elections": [
                {"iri": e.iri, "kind": e.kind, "winner": e.winner, "winner_rows": e.winner_rows}
                for e in self.elections
            ],
            "instances": dict(sorted(self.types.items())),
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


class Generator:
    """Writes the graph country by country; every choice is drawn from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_slugs: set[str] = set()
        self.source_number = 0
        self.election_number = 0
        self.states: list[tuple[str, str]] = []  # (state IRI, leadership IRI) of other states
        self.igos: list[str] = []
        self.agencies: list[str] = []

    # names -----------------------------------------------------------------------------

    def slug(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3``, ...: every IRI is minted once."""
        candidate, suffix = wanted, 1
        while candidate in self.used_slugs:
            suffix += 1
            candidate = f"{wanted}-{suffix}"
        self.used_slugs.add(candidate)
        return candidate

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables))

    def country_name(self) -> str:
        return (self.word(self.rng.randint(1, 2)) + self.rng.choice(_COUNTRY_ENDINGS)).title()

    def hex_digits(self, count: int) -> str:
        return f"{self.rng.getrandbits(4 * count):0{count}x}"

    def new_person(self, block: Block, country: Country, born: int | None = None) -> Person:
        first = self.rng.choice(_FIRST_NAMES)
        last = (self.word(2) + self.rng.choice(("ov", "ev", "yan", "li", "er", "ani"))).title()
        slug = self.slug(f"{first}-{last}".lower())
        person = Person(
            f"person:{slug}", f"{first} {last}", born or self.rng.randint(1935, 1985), True
        )
        block.add(
            person.iri,
            [("a", "foaf:Person"), ("a", "schema:Person"), ("rdfs:label", en(person.name))],
        )
        return person

    # shared reference data -----------------------------------------------------------------

    def reference(self) -> Block:
        """Other states (who congratulate), intergovernmental organisations, news agencies."""
        block = Block()
        for _ in range(_STATE_COUNT):
            name = self.country_name()
            slug = self.slug(name.lower())
            state, lead = f"state:{slug}", f"leadership:{slug}"
            block.add(state, [("a", "ekg:State"), ("rdfs:label", en(name))])
            block.add(
                lead,
                [
                    ("a", "ekg:StateLeadership"),
                    ("rdfs:label", en(f"the leadership of {name}")),
                    ("ekg:leadershipOf", state),
                ],
            )
            self.states.append((state, lead))
        for name, acronym in _IGO_NAMES:
            iri = f"organisation:{self.slug(acronym.lower())}"
            block.add(
                iri,
                [
                    ("a", "ekg:IntergovernmentalOrganisation"),
                    ("rdfs:label", en(name)),
                    ("skos:altLabel", en(acronym)),
                ],
            )
            self.igos.append(iri)
        for name in _NEWS_AGENCIES:
            iri = f"organisation:{self.slug(name.lower().replace(' ', '-'))}"
            block.add(iri, [("a", "ekg:NewsOrganisation"), ("rdfs:label", en(name))])
            self.agencies.append(iri)
        return block

    def new_country(self, index: int) -> tuple[Country, Block]:
        """A state with its commission, legislature, ministry, parties, media and politicians."""
        block = Block()
        name = self.country_name()
        slug = self.slug(name.lower())
        state = f"state:{slug}"
        block.add(
            state,
            [("a", "ekg:State"), ("rdfs:label", en(name)), ("rdfs:label", lit(name) + "@fr")],
        )
        block.add(
            f"leadership:{slug}",
            [
                ("a", "ekg:StateLeadership"),
                ("rdfs:label", en(f"the leadership of {name}")),
                ("ekg:leadershipOf", state),
            ],
        )
        capital_name = self.word(2).title()
        capital = f"place:{self.slug(capital_name.lower())}"
        block.add(
            capital,
            [
                ("a", "schema:City"),
                ("rdfs:label", en(capital_name)),
                ("schema:containedInPlace", state),
            ],
        )
        region_name = self.word(2).title() + " Province"
        region = f"place:{self.slug(region_name.lower().replace(' ', '-'))}"
        block.add(
            region,
            [
                ("a", "schema:AdministrativeArea"),
                ("rdfs:label", en(region_name)),
                ("schema:containedInPlace", state),
            ],
        )
        cec = f"organisation:{slug}-central-election-commission"
        block.add(
            cec,
            [
                ("a", "ekg:ElectionCommission"),
                ("rdfs:label", en(f"Central Election Commission of {name}")),
                ("ekg:stateOf", state),
            ],
        )
        legislature = f"organisation:{slug}-legislature"
        block.add(
            legislature,
            [
                ("a", "ekg:Legislature"),
                ("rdfs:label", en(f"National Assembly of {name}")),
                ("ekg:stateOf", state),
            ],
        )
        ministry = f"organisation:{slug}-foreign-ministry"
        block.add(
            ministry,
            [
                ("a", "ekg:GovernmentBody"),
                ("rdfs:label", en(f"Foreign Ministry of {name}")),
                ("ekg:stateOf", state),
            ],
        )
        parties = []
        for _ in range(self.rng.randint(4, 8)):
            party_name = (
                self.rng.choice(
                    ("New", "United", "Democratic", "People's", "Green", "Civic", "Free", "Social")
                )
                + f" {self.word(2).title()} "
                + self.rng.choice(("Party", "Movement", "Alliance"))
            )
            party_slug = party_name.lower().replace(" ", "-").replace("'", "")
            iri = f"organisation:{self.slug(party_slug)}"
            block.add(iri, [("a", "ekg:PoliticalParty"), ("rdfs:label", en(party_name))])
            parties.append((iri, party_name))
        news = []
        for kind in ("Times", "Daily", "News Agency"):
            news_name = f"{capital_name} {kind}"
            iri = f"organisation:{self.slug(news_name.lower().replace(' ', '-'))}"
            block.add(iri, [("a", "ekg:NewsOrganisation"), ("rdfs:label", en(news_name))])
            news.append(iri)
        pollsters = []
        for kind in ("Research Center", "Monitoring Group"):
            pollster_name = f"{self.word(2).title()} {kind}"
            iri = f"organisation:{self.slug(pollster_name.lower().replace(' ', '-'))}"
            block.add(iri, [("a", "ekg:Pollster"), ("rdfs:label", en(pollster_name))])
            pollsters.append(iri)
        cso_name = f"{name} Voters' League"
        civil_society = f"organisation:{self.slug(slug + '-voters-league')}"
        block.add(
            civil_society, [("a", "ekg:CivilSocietyOrganisation"), ("rdfs:label", en(cso_name))]
        )
        country = Country(
            index, slug, name, capital, region, cec, legislature, ministry, parties, news,
            pollsters, civil_society, [],
            legislature_size=self.rng.choice((101, 125, 150, 225, 300, 450)),
        )  # fmt: skip
        country.people = [self.new_person(block, country) for _ in range(self.rng.randint(6, 10))]
        return country, block

    # sources ---------------------------------------------------------------------------

    def sources(
        self, block: Block, country: Country, title: str, day: datetime.date
    ) -> tuple[list[Source], str | None]:
        """Three to five seed articles dated the day after the vote, and maybe a relayed one."""
        documents = []
        relayed: str | None = None
        if self.rng.random() < 0.3:
            relayed = f"source:{self.slug(f'{country.slug}-{day.year}-relayed-interview')}"
            block.add(
                relayed,
                [
                    ("a", "ekg:SourceDocument"),
                    ("a", "schema:CreativeWork"),
                    ("rdfs:label", en(f"an interview about the {title}, as relayed by a seed")),
                    ("schema:publisher", self.rng.choice(country.news)),
                ],
            )
        for position in range(self.rng.randint(3, 5)):
            number_ = self.source_number % 1000
            self.source_number += 1
            digest16 = self.hex_digits(16)
            iri = f"source:{number_:03d}_{digest16}"
            published = day + datetime.timedelta(days=1 + position // 2)
            publisher = self.rng.choice(country.news)
            label = f"Seed {number_:03d}: {title} ({published.isoformat()})"
            pairs: list[tuple[str, Obj]] = [
                ("a", "ekg:SourceDocument"),
                ("a", "schema:NewsArticle"),
                ("rdfs:label", en(label)),
                ("ekg:seedFile", lit(f"{number_:03d}_{digest16}.txt")),
                ("ekg:sha256", lit(self.hex_digits(64))),
                ("ekg:dateLine", xdate(published)),
                ("schema:locationCreated", country.capital),
                ("schema:publisher", publisher),
            ]
            roll = self.rng.random()
            if roll < 0.3:
                pairs.append(("ekg:wireService", self.rng.choice(self.agencies)))
            elif roll < 0.4:
                pairs.append(("ekg:distributedBy", self.rng.choice(self.agencies)))
            if relayed and position == 0:
                pairs.append(("ekg:relays", relayed))
            block.add(iri, pairs)
            documents.append(Source(iri, label))
        return documents, relayed

    def pick(self, sources: list[Source], most: int = 2) -> list[Source]:
        return self.rng.sample(sources, self.rng.randint(1, min(most, len(sources))))

    def claim(
        self,
        block: Block,
        subject: str,
        types: Sequence[str],
        label: str,
        pairs: Sequence[tuple[str, Obj]],
        quotes: Sequence[tuple[Source, str]],
        *,
        prop: str = "ekg:evidence",
        also_derived_from: Sequence[str] = (),
        extra_evidence: Sequence[tuple[str, Source, str]] = (),
    ) -> None:
        """A sourced resource: its types, label and pairs, derived from the quoted sources."""
        derived = unique([source.iri for source, _ in quotes] + list(also_derived_from))
        derived += [s.iri for _, s, _ in extra_evidence if s.iri not in derived]
        full: list[tuple[str, Obj]] = [("a", kind) for kind in types]
        full.append(("rdfs:label", en(label)))
        full.extend(pairs)
        full.extend(("prov:wasDerivedFrom", iri) for iri in derived)
        full.extend((prop, evidence(source.iri, text)) for source, text in quotes)
        full.extend((p, evidence(source.iri, text)) for p, source, text in extra_evidence)
        block.add(subject, full)

    # elections -------------------------------------------------------------------------

    def polling_day(self, year: int) -> datetime.date:
        start = datetime.date(year, 1, 1)
        day = start + datetime.timedelta(days=self.rng.randint(0, 330))
        return day + datetime.timedelta(days=(6 - day.weekday()) % 7)  # a Sunday

    def election(
        self, country: Country, kind: str, year: int
    ) -> tuple[Block, list[Block], ElectionSummary]:
        """The core block of one election (always written) and its optional blocks."""
        force = self.election_number < 2  # the first elections hold every kind of node
        self.election_number += 1
        core = Block()
        day = self.polling_day(year)
        snap = self.rng.random() < 0.35 or (force and kind == "presidential")
        adjective = "snap " if snap else ""
        title = f"{year} {country.name} {adjective}{kind} election"
        slug = self.slug(f"{country.slug}-{year}-{kind}")
        iri = f"election:{slug}"
        sources, relayed = self.sources(core, country, title, day)
        election_pairs: list[tuple[str, Obj]] = [
            ("ekg:country", f"state:{country.slug}"),
            ("ekg:pollingDate", xdate(day)),
            ("ekg:isSnapElection", "true" if snap else "false"),
        ]
        if snap:
            election_pairs.append(("ekg:originallyScheduledFor", xyear(year + 1)))
        if kind == "parliamentary":
            election_pairs.append(("ekg:electsMembersOf", country.legislature))
        weekday = _WEEKDAYS[day.weekday()]
        self.claim(
            core,
            iri,
            ["ekg:PresidentialElection" if kind == "presidential" else "ekg:ParliamentaryElection"],
            title,
            election_pairs,
            [
                (s, f"The {adjective}{kind} election in {country.name} took place on {weekday}, "
                 f"{_MONTHS[day.month - 1]} {day.day}.")
                for s in self.pick(sources, 3)
            ],
        )  # fmt: skip
        optional: list[Block] = []
        if kind == "presidential":
            winner, winner_label, rows = self.presidential(core, optional, country, iri, slug,
                                                           title, sources, day, force)  # fmt: skip
        else:
            winner, winner_label, rows = self.parliamentary(core, optional, country, iri, slug,
                                                            title, sources, force)  # fmt: skip
        self.common(optional, country, iri, slug, title, sources, relayed, day, snap, winner,
                    winner_label, force)  # fmt: skip
        return core, optional, ElectionSummary(iri, kind, winner, rows)

    def presidential(
        self,
        core: Block,
        optional: list[Block],
        country: Country,
        election: str,
        slug: str,
        title: str,
        sources: list[Source],
        day: datetime.date,
        force: bool,
    ) -> tuple[str, str, int]:
        """Candidacies, the outcome and vote shares at several count snapshots."""
        rng = self.rng
        while len(country.people) < 9:
            country.people.append(self.new_person(core, country))
        incumbent = country.president
        winner = incumbent if incumbent and rng.random() < 0.6 else rng.choice(country.people)
        others = [p for p in country.people if p is not winner]
        candidates = [winner] + rng.sample(others, rng.randint(2, min(7, len(others))))
        # a newcomer now and then, so that the pool of politicians grows over time
        if rng.random() < 0.4:
            newcomer = self.new_person(core, country)
            country.people.append(newcomer)
            candidates.append(newcomer)
        candidacies = []
        for rank, person in enumerate(candidates, start=1):
            iri = f"candidacy:{slug}-{person.iri.removeprefix('person:')}"
            pairs: list[tuple[str, Obj]] = [
                ("ekg:candidate", person.iri),
                ("ekg:inElection", election),
            ]
            if rank > 1 and rng.random() < 0.25:
                pairs.append(("ekg:isIndependent", "true"))
                words = f"independent candidate {person.name}"
            else:
                party_iri, party_name = rng.choice(country.parties)
                pairs.append(("ekg:nominatedBy", party_iri))
                words = f"{person.name}, nominated by the {party_name}"
            self.claim(
                core, iri, ["ekg:Candidacy"], f"{person.name}'s candidacy in the {title}", pairs,
                [(s, f"{words}, is running in the election") for s in self.pick(sources)],
            )  # fmt: skip
            candidacies.append((iri, person))
        outcome_sources = self.pick(sources)
        self.claim(
            core, f"outcome:{slug}", ["ekg:ElectionOutcome"], f"{winner.name} won the {title}",
            [("ekg:aboutElection", election), ("ekg:winner", winner.iri),
             ("ekg:reportedBy", country.cec)],
            [(s, f"{winner.name} was declared the winner of the presidential election")
             for s in outcome_sources],
        )  # fmt: skip
        country.president = winner
        country.wins[winner.iri] = country.wins.get(winner.iri, 0) + 1

        # vote shares: each snapshot's shares sum to exactly 100.00 (in hundredths)
        weights = sorted((rng.random() ** 3 for _ in candidacies[1:]), reverse=True)
        lead = rng.randint(4500, 9300)
        rest = 10000 - lead
        total_weight = sum(weights) or 1.0
        # the runner-up stays well below the winner, so that the winner leads every snapshot
        base = [lead] + [min(lead * 4 // 5, max(10, int(rest * w / total_weight))) for w in weights]
        snapshots: list[tuple[str, int | None, str | None]] = [
            ("ekg:PartialResults", rng.randint(2500, 6500), "ekg:PercentOfPrecinctsReported"),
            ("ekg:PartialResults", rng.randint(8000, 9900), "ekg:PercentOfBallotsProcessed"),
            ("ekg:PreliminaryResults", None, None),
            ("ekg:FinalResults", None, None),
        ]
        chosen = snapshots if force else [s for s in snapshots if rng.random() < 0.6]
        if not chosen:
            chosen = [snapshots[3]]
        winner_rows = 0
        for status, progress, unit in chosen:
            spread = [min(100, b // 20) for b in base]
            shares = [max(5, b + rng.randint(-d, d)) for b, d in zip(base, spread, strict=True)]
            shares[0] = 10000 - sum(shares[1:])  # the winner takes the remainder: sum is 100
            order = sorted(range(len(shares)), key=lambda i: (-shares[i], i))
            ranks = {index: position + 1 for position, index in enumerate(order)}
            quoted = self.pick(sources)
            state_words = status.removeprefix("ekg:").removesuffix("Results").lower()
            after = ""
            if progress is not None and unit is not None:
                counted = "precincts reported" if "Precincts" in unit else "ballots processed"
                after = f" after {percent_words(progress)} percent of {counted}"
            for position, ((candidacy, person), share) in enumerate(
                zip(candidacies, shares, strict=True)
            ):
                pairs = [
                    ("ekg:aboutElection", election), ("ekg:aboutCandidacy", candidacy),
                    ("ekg:value", hundredths(share)), ("ekg:bound", "ekg:Exact"),
                    ("ekg:unit", "ekg:PercentOfVotes"), ("ekg:resultsStatus", status),
                    ("ekg:reportedBy", country.cec),
                ]  # fmt: skip
                if progress is not None and unit is not None:
                    pairs.append(("ekg:countProgress", count_progress(progress, unit)))
                if position < 2:
                    pairs.append(("ekg:rank", str(ranks[position])))
                tag = "-".join(x for x in (state_words, str(progress) if progress else "") if x)
                self.claim(
                    core,
                    f"figure:{slug}-share-{person.iri.removeprefix('person:')}-{tag}",
                    ["ekg:VoteShare"],
                    f"{person.name} {percent_words(share)} % ({state_words}{after})",
                    pairs,
                    [(s, f"{person.name} received {percent_words(share)} percent of the votes"
                      f"{after}, according to {state_words} data of the Central Election "
                      "Commission") for s in quoted],
                )  # fmt: skip
                if position == 0:
                    winner_rows += len(quoted)
        if force or rng.random() < 0.5:  # "over N percent": a lower bound, outside the sums
            floor = shares[0] // 100
            quoted = self.pick(sources, 1)
            self.claim(
                core, f"figure:{slug}-share-{winner.iri.removeprefix('person:')}-over-{floor}",
                ["ekg:VoteShare"], f"{winner.name} over {floor} % (early tallies)",
                [("ekg:aboutElection", election), ("ekg:aboutCandidacy", candidacies[0][0]),
                 ("ekg:value", number(floor)), ("ekg:bound", "ekg:AtLeast"),
                 ("ekg:unit", "ekg:PercentOfVotes")],
                [(s, f"early tallies gave {winner.name} over {floor} percent") for s in quoted],
            )  # fmt: skip
            winner_rows += len(quoted)

        block = Block()
        self.claim(
            block, f"figure:{slug}-candidate-count", ["ekg:CandidateCount"],
            f"{len(candidates)} candidates ran in the {title}",
            [("ekg:aboutElection", election), ("ekg:value", number(len(candidates))),
             ("ekg:bound", "ekg:Exact"), ("ekg:unit", "ekg:Candidates")],
            [(s, f"{len(candidates)} candidates ran in the election") for s in self.pick(sources)],
        )  # fmt: skip
        optional.append(block)
        for pollster in (
            country.pollsters if force else rng.sample(country.pollsters, rng.randint(0, 2))
        ):
            block = Block()
            value = min(9990, max(100, shares[0] + rng.randint(-300, 300)))
            name = pollster.removeprefix("organisation:")
            self.claim(
                block, f"figure:{slug}-exit-poll-{name}", ["ekg:ExitPoll"],
                f"exit poll by {name}: {winner.name} {percent_words(value)} %",
                [("ekg:aboutElection", election), ("ekg:aboutCandidacy", candidacies[0][0]),
                 ("ekg:value", hundredths(value)), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:PercentOfVotes"), ("ekg:reportedBy", pollster)],
                [(s, f"According to the exit poll, {percent_words(value)} percent of voters cast "
                  f"their ballots for {winner.name}.") for s in self.pick(sources)],
            )  # fmt: skip
            optional.append(block)
        block = Block()
        term = country.wins[winner.iri]
        person_slug = winner.iri.removeprefix("person:")
        self.claim(
            block, f"figure:{slug}-term-number-{person_slug}", ["ekg:TermNumber"],
            f"the {title} gave {winner.name} term number {term}",
            [("ekg:aboutElection", election), ("ekg:aboutAgent", winner.iri),
             ("ekg:value", number(term)), ("ekg:bound", "ekg:Exact"), ("ekg:unit", "ekg:Terms")],
            [(s, f"{winner.name} secured term number {term} in office")
             for s in self.pick(sources)],
        )  # fmt: skip
        age = day.year - winner.birth_year
        self.claim(
            block, f"figure:{slug}-age-{person_slug}", ["ekg:PersonAge"], f"{winner.name}, {age}",
            [("ekg:aboutAgent", winner.iri), ("ekg:value", number(age)),
             ("ekg:bound", "ekg:Exact"), ("ekg:unit", "ekg:Years")],
            [(s, f"{winner.name}, {age}, has won the vote") for s in self.pick(sources, 1)],
        )  # fmt: skip
        self.claim(
            block, f"position:{slug}-{person_slug}-head-of-state", ["ekg:PositionHeld"],
            f"{winner.name}, President of {country.name} since {day.year}",
            [("org:member", winner.iri), ("org:organization", f"state:{country.slug}"),
             ("org:role", "ekg:HeadOfState"), ("ekg:since", xyear(day.year))],
            [(s, f"President {winner.name}") for s in self.pick(sources, 1)],
        )  # fmt: skip
        optional.append(block)
        if force or rng.random() < 0.2:
            block = Block()
            relative = self.new_person(block, country, born=winner.birth_year - 28)
            self.claim(
                block, f"relation:{slug}-{person_slug}-father", ["ekg:FamilyRelation"],
                f"{relative.name} is {winner.name}'s father",
                [("ekg:person", winner.iri), ("ekg:relative", relative.iri),
                 ("ekg:relationType", "ekg:Father")],
                [(s, f"the son of {relative.name}") for s in self.pick(sources, 1)],
            )  # fmt: skip
            self.claim(
                block, f"position:{slug}-{relative.iri.removeprefix('person:')}-former-leader",
                ["ekg:PositionHeld"], f"{relative.name}, former leader",
                [("org:member", relative.iri), ("org:organization", f"state:{country.slug}"),
                 ("org:role", "ekg:CommunistLeader"), ("ekg:isFormer", "true")],
                [(s, f"former leader {relative.name}") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.5:
            block = Block()
            self.claim(
                block, f"statement:{slug}-rivals-praise", ["ekg:Praise"],
                f"rival candidates praised {winner.name}",
                [("ekg:aboutAgent", winner.iri), ("ekg:aboutElection", election),
                 ("ekg:stance", "ekg:Supportive"), ("ekg:speaker", candidates[1].iri)],
                [(s, f"{candidates[1].name} praised {winner.name}") for s in self.pick(sources, 1)],
                prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
        return winner.iri, winner.name, winner_rows

    def parliamentary(
        self,
        core: Block,
        optional: list[Block],
        country: Country,
        election: str,
        slug: str,
        title: str,
        sources: list[Source],
        force: bool,
    ) -> tuple[str, str, int]:
        """The legislature's size, seats won by parties and groups, and the outcome."""
        rng = self.rng
        size = country.legislature_size
        parties = rng.sample(country.parties, rng.randint(2, len(country.parties)))
        remaining = size - rng.randint(0, size // 20)
        independents = rng.randint(0, remaining // 3)
        small = rng.randint(0, remaining // 6)
        remaining -= independents + small
        cuts = sorted(rng.randint(0, remaining) for _ in range(len(parties) - 1))
        seats = [b - a for a, b in zip([0, *cuts], [*cuts, remaining], strict=True)]
        order = sorted(range(len(parties)), key=lambda i: (-seats[i], i))
        winner_iri, winner_name = parties[order[0]]
        reported = self.pick(sources)
        self.claim(
            core, f"figure:{slug}-legislature-size", ["ekg:LegislatureSize"],
            f"a {size}-member legislature",
            [("ekg:aboutElection", election), ("ekg:aboutAgent", country.legislature),
             ("ekg:value", number(size)), ("ekg:bound", "ekg:Exact"), ("ekg:unit", "ekg:Seats"),
             ("ekg:reportedBy", country.cec)],
            [(s, f"seats in the {size}-member legislature") for s in reported],
        )  # fmt: skip
        winner_rows = 0
        for index in order:
            party_iri, party_name = parties[index]
            quoted = self.pick(sources)
            self.claim(
                core, f"figure:{slug}-seats-{party_iri.removeprefix('organisation:')}",
                ["ekg:SeatsWon"], f"{party_name}: {seats[index]} seats",
                [("ekg:aboutElection", election), ("ekg:aboutAgent", party_iri),
                 ("ekg:value", number(seats[index])), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:Seats"), ("ekg:reportedBy", country.cec)],
                [(s, f"The {party_name} won {seats[index]} seats") for s in quoted],
            )  # fmt: skip
            if index == order[0]:
                winner_rows = len(quoted)
        self.claim(
            core, f"outcome:{slug}", ["ekg:ElectionOutcome"], f"the {winner_name} won the {title}",
            [("ekg:aboutElection", election), ("ekg:winner", winner_iri),
             ("ekg:reportedBy", country.cec)],
            [(s, f"The {winner_name} has won the parliamentary elections, the election "
              "commission announced") for s in self.pick(sources)],
        )  # fmt: skip
        for group_name, count, words in (
            ("independent-candidates", independents, "independent candidates"),
            ("candidates-of-small-parties", small, "candidates from small parties"),
        ):
            if not count and not force:
                continue
            block = Block()
            group = f"group:{slug}-{group_name}"
            quoted = self.pick(sources, 1)
            self.claim(block, group, ["ekg:AgentGroup"], f"{words} in the {title}", [],
                       [(s, f"{count} seats were won by {words}") for s in quoted])  # fmt: skip
            self.claim(
                block, f"figure:{slug}-seats-{group_name}", ["ekg:SeatsWon"],
                f"{words}: {count} seats",
                [("ekg:aboutElection", election), ("ekg:aboutAgent", group),
                 ("ekg:value", number(count)), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:Seats")],
                [(s, f"{count} seats were won by {words}") for s in quoted],
            )  # fmt: skip
            if group_name == "candidates-of-small-parties":
                parties_count = rng.randint(2, 9)
                self.claim(
                    block, f"figure:{slug}-small-parties-count", ["ekg:PartyCount"],
                    f"{parties_count} small political parties",
                    [("ekg:aboutElection", election), ("ekg:aboutAgent", group),
                     ("ekg:value", number(parties_count)), ("ekg:bound", "ekg:Exact"),
                     ("ekg:unit", "ekg:Parties")],
                    [(s, f"candidates from {parties_count} political parties") for s in quoted],
                )  # fmt: skip
            optional.append(block)
        if country.people:
            block = Block()
            member = rng.choice(country.people)
            self.claim(
                block, f"position:{slug}-{member.iri.removeprefix('person:')}-member",
                ["ekg:PositionHeld"], f"{member.name}, member of parliament",
                [("org:member", member.iri), ("org:organization", country.legislature),
                 ("org:role", "ekg:MemberOfParliament")],
                [(s, f"{member.name}, a deputy of parliament") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        return winner_iri, winner_name, winner_rows

    def common(
        self,
        optional: list[Block],
        country: Country,
        election: str,
        slug: str,
        title: str,
        sources: list[Source],
        relayed: str | None,
        day: datetime.date,
        snap: bool,
        winner: str,
        winner_name: str,
        force: bool,
    ) -> None:
        """Turnout, counts, missions, statements, events, measures: what both kinds share."""
        rng = self.rng
        about = ("ekg:aboutElection", election)
        # turnout from different reporters: the commission, its chair, a newspaper
        block = Block()
        turnout = rng.randint(3000, 9000)
        self.claim(
            block, f"figure:{slug}-turnout-commission", ["ekg:Turnout"],
            f"turnout {percent_words(turnout)} %, election commission",
            [about, ("ekg:value", hundredths(turnout)), ("ekg:bound", "ekg:Exact"),
             ("ekg:unit", "ekg:PercentOfRegisteredVoters"),
             ("ekg:resultsStatus", "ekg:PreliminaryResults"), ("ekg:reportedBy", country.cec)],
            [(s, f"voter turnout was {percent_words(turnout)} percent, according to the "
              "Central Election Commission") for s in self.pick(sources)],
        )  # fmt: skip
        optional.append(block)
        if country.people:
            block = Block()
            chair = rng.choice(country.people)
            other = min(9999, max(1000, turnout + rng.randint(-1200, 1200)))
            chair_slug = chair.iri.removeprefix("person:")
            quoted = self.pick(sources, 1)
            self.claim(
                block, f"figure:{slug}-turnout-chair", ["ekg:Turnout"],
                f"turnout {percent_words(other)} %, commission chief {chair.name}",
                [about, ("ekg:value", hundredths(other)), ("ekg:bound", "ekg:Approximately"),
                 ("ekg:unit", "ekg:PercentOfRegisteredVoters"), ("ekg:reportedBy", chair.iri)],
                [(s, f"Turnout was about {percent_words(other)} percent, commission chief "
                  f"{chair.name} told a press conference.") for s in quoted],
            )  # fmt: skip
            self.claim(
                block, f"position:{slug}-{chair_slug}-commission-chair", ["ekg:PositionHeld"],
                f"{chair.name}, chief of the Central Election Commission",
                [("org:member", chair.iri), ("org:organization", country.cec),
                 ("org:role", "ekg:Chairperson")],
                [(s, f"Central Election Commission chief {chair.name}") for s in quoted],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.4:
            block = Block()
            reporter = rng.choice(country.news)
            self.claim(
                block, f"figure:{slug}-turnout-qualitative", ["ekg:Turnout"],
                "a record-high turnout (no number given)",
                [about, ("ekg:qualitativeValue", en("record-high")), ("ekg:reportedBy", reporter)],
                [(s, "accompanied by a record-high voter turnout") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        # counts reported around the vote
        block = Block()
        observers = rng.randint(500, 90000)
        international = rng.randint(50, 1500)
        countries_from = rng.randint(5, 90)
        media = rng.randint(20, 200)
        webcams = rng.randint(100, 5000)
        stations = rng.randint(5, 300)
        for name, kinds, label, figure_pairs, words in (
            ("observers-registered", "ekg:ObserverCount", f"over {observers} observers registered",
             [("ekg:value", number(observers)), ("ekg:bound", "ekg:AtLeast"),
              ("ekg:unit", "ekg:Persons"), ("ekg:observerScope", "ekg:AllObservers")],
             f"registered over {observers} observers"),
            ("observers-international", "ekg:ObserverCount",
             f"{international} international observers from {countries_from} countries",
             [("ekg:value", number(international)), ("ekg:bound", "ekg:Exact"),
              ("ekg:unit", "ekg:Persons"), ("ekg:observerScope", "ekg:InternationalObservers"),
              ("ekg:fromCountryCount", str(countries_from))],
             f"including {international} international observers from {countries_from} countries"),
            ("accredited-media", "ekg:AccreditedMediaCount", f"{media} media outlets accredited",
             [("ekg:value", number(media)), ("ekg:bound", "ekg:Exact"),
              ("ekg:unit", "ekg:MediaOutlets")],
             f"{media} international media outlets were accredited"),
            ("webcams", "ekg:WebcamCount", f"over {webcams} webcams",
             [("ekg:value", number(webcams)), ("ekg:bound", "ekg:AtLeast"),
              ("ekg:unit", "ekg:Webcams")],
             f"over {webcams} webcams were deployed at voting sites"),
            ("polling-stations", "ekg:PollingStationCount", f"{stations} polling stations",
             [("ekg:value", number(stations)), ("ekg:bound", "ekg:Exact"),
              ("ekg:unit", "ekg:PollingStations"), ("ekg:aboutPlace", country.region)],
             f"{stations} polling stations opened in the province"),
        ):  # fmt: skip
            if not force and rng.random() < 0.4:
                continue
            self.claim(block, f"figure:{slug}-{name}", [kinds], label, [about, *figure_pairs],
                       [(s, words) for s in self.pick(sources, 1)])  # fmt: skip
        if block.triples:
            optional.append(block)
        # observer missions, each with a briefing and an assessment made at it
        for number_, igo in enumerate(self.igos_for(force)):
            block = Block()
            igo_slug = igo.removeprefix("organisation:")
            mission = f"mission:{igo_slug}-{slug}"
            head = self.new_person(block, country)
            quoted = self.pick(sources, 1)
            pairs = [
                ("ekg:deployedBy", igo), ("ekg:observes", election),
                ("ekg:monitoredPlace", country.capital), ("ekg:headOfMission", head.iri),
                ("ekg:spokesperson", head.iri),
            ]  # fmt: skip
            if number_ == 0:
                pairs.append(("ekg:monitoredPlace", country.region))
            self.claim(block, mission, ["ekg:ObserverMission"],
                       f"{igo_slug.upper()} observation mission, {title}", pairs,
                       [(s, f"the observation mission led by {head.name} monitored polling")
                        for s in quoted])  # fmt: skip
            briefing = f"event:{slug}-{igo_slug}-briefing"
            briefing_day = day + datetime.timedelta(days=1)
            self.claim(
                block, briefing, ["ekg:Briefing"], f"{igo_slug.upper()} briefing on its findings",
                [about, ("ekg:participant", head.iri), ("ekg:date", xdate(briefing_day)),
                 ("ekg:dateStatedAs", lit("on " + _WEEKDAYS[briefing_day.weekday()])),
                 ("ekg:dateResolvedAgainst", quoted[0].iri)],
                [(s, f"{head.name} held a briefing on the monitoring results") for s in quoted],
            )  # fmt: skip
            critical = rng.random() < 0.25
            self.claim(
                block, f"statement:{slug}-{igo_slug}-assessment", ["ekg:ObserverAssessment"],
                f"{igo_slug.upper()} mission: " + ("serious shortcomings" if critical else
                                                    "held openly and transparently"),
                [about, ("ekg:speaker", head.iri), ("ekg:onBehalfOf", mission),
                 ("ekg:stance", "ekg:Critical" if critical else "ekg:Supportive"),
                 ("ekg:madeAt", briefing)],
                [(s, "The mission concluded that the election " + (
                    "fell short of international standards" if critical else
                    "was held openly and transparently")) for s in quoted],
                prop="ekg:directQuote",
            )  # fmt: skip
            optional.append(block)
        # congratulations from foreign leaderships, addressed to the winner
        for state, lead in rng.sample(self.states, 5 if force else rng.randint(0, 6)):
            block = Block()
            state_slug = state.removeprefix("state:")
            self.claim(
                block, f"statement:{slug}-congratulation-{state_slug}", ["ekg:Congratulation"],
                f"the leadership of {state_slug.title()} congratulated {winner_name}",
                [("ekg:speaker", lead), ("ekg:onBehalfOf", state), ("ekg:addressee", winner),
                 about, ("ekg:stance", "ekg:Supportive")],
                [(s, f"The leaders of {state_slug.title()} have already congratulated "
                  f"{winner_name} on the victory.") for s in self.pick(sources, 1)],
                prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
        people = country.people
        # statements for and against
        if people and (force or rng.random() < 0.7):
            block = Block()
            critic = rng.choice(people)
            party_iri, party_name = rng.choice(country.parties)
            quoted = self.pick(sources, 1)
            self.claim(
                block, f"statement:{slug}-legitimacy-{critic.iri.removeprefix('person:')}",
                ["ekg:LegitimacyChallenge"], f"{critic.name}: an imitation of democracy",
                [("ekg:speaker", critic.iri), ("ekg:onBehalfOf", party_iri), about,
                 ("ekg:stance", "ekg:Critical")],
                [(s, "imitation of democracy") for s in quoted], prop="ekg:directQuote",
                extra_evidence=[("ekg:paraphrase", quoted[0],
                                 f"{critic.name} of the {party_name} called the vote an "
                                 "imitation of democracy")],
            )  # fmt: skip
            self.claim(
                block, f"statement:{slug}-allegation-{party_iri.removeprefix('organisation:')}",
                ["ekg:AllegationOfViolations"], f"{party_name}: mass violations",
                [("ekg:speaker", party_iri), ("ekg:onBehalfOf", party_iri), about,
                 ("ekg:stance", "ekg:Critical")],
                [(s, f"The {party_name} said there were mass violations, including multiple "
                  "voting.") for s in quoted], prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.6:
            block = Block()
            quoted = self.pick(sources, 1)
            self.claim(
                block, f"statement:{slug}-ministry-assessment", ["ekg:Assessment"],
                f"{country.name}'s foreign ministry: the vote was historic",
                [("ekg:speaker", country.ministry), ("ekg:onBehalfOf", f"state:{country.slug}"),
                 about, ("ekg:stance", rng.choice(("ekg:Supportive", "ekg:Neutral")))],
                [(s, "We consider these elections as historic") for s in quoted],
                prop="ekg:directQuote",
            )  # fmt: skip
            state, _ = rng.choice(self.states)
            self.claim(
                block, f"statement:{slug}-well-wishing", ["ekg:WellWishing"],
                "a foreign ministry hopes the elections are auspicious",
                [("ekg:onBehalfOf", state), about, ("ekg:stance", "ekg:Supportive"),
                 ("prov:wasAttributedTo", quoted[0].iri)],  # no speaker named: the article's
                [(s, "expressed its sincere hope that the elections would be auspicious")
                 for s in quoted], prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
        if snap:  # justifications are only ever about snap elections
            block = Block()
            for reason in ("to avoid the vote coinciding with a summit", "to open a new period")[
                : 2 if force else rng.randint(1, 2)
            ]:
                said = self.pick(sources, 1)
                self.claim(
                    block, f"statement:{slug}-justification-{reason.split()[-1]}",
                    ["ekg:Justification"], f"called early {reason}",
                    [about, ("ekg:stance", "ekg:Neutral"),
                     ("prov:wasAttributedTo", said[0].iri)],  # the article's own voice
                    [(s, f"The election was called ahead of schedule {reason}.")
                     for s in said], prop="ekg:paraphrase",
                )  # fmt: skip
            self.claim(
                block, f"figure:{slug}-schedule-advance", ["ekg:ScheduleAdvance"],
                "held a year ahead of schedule",
                [about, ("ekg:value", number(1)), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:Years")],
                [(s, "a year ahead of schedule") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        # events around the vote
        block = Block()
        announced = day - datetime.timedelta(days=rng.randint(45, 120))
        caller = country.president.iri if country.president else winner
        quoted = self.pick(sources, 1)
        self.claim(
            block, f"event:{slug}-announcement", ["ekg:ElectionAnnouncement"],
            f"the {title} was called",
            [about, ("ekg:participant", caller), ("ekg:date", xmonth(announced)),
             ("ekg:dateStatedAs", lit("in " + _MONTHS[announced.month - 1])),
             ("ekg:dateResolvedAgainst", quoted[0].iri)],
            [(s, f"since the election was announced in {_MONTHS[announced.month - 1]}")
             for s in quoted],
        )  # fmt: skip
        if people:
            voter = rng.choice(people)
            self.claim(
                block, f"event:{slug}-ballot-casting", ["ekg:BallotCasting"],
                f"{voter.name} cast a ballot in the capital",
                [about, ("ekg:participant", voter.iri), ("ekg:location", country.capital),
                 ("ekg:date", xdate(day)), ("ekg:unnamedParticipants", en("his family"))],
                [(s, f"{voter.name} went to cast the ballot with the family")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
        self.claim(
            block, f"event:{slug}-celebration", ["ekg:Rally"], "supporters celebrate the result",
            [about, ("ekg:location", country.capital), ("ekg:date", xdate(day)),
             ("ekg:unnamedParticipants", en("several thousand supporters"))],
            [(s, "several thousand supporters gathered in the streets to celebrate")
             for s in self.pick(sources, 1)],
        )  # fmt: skip
        optional.append(block)
        if force or rng.random() < 0.3:
            block = Block()
            group = f"group:{slug}-main-opposition-parties"
            quoted = self.pick(sources, 1)
            self.claim(
                block, group, ["ekg:AgentGroup"], f"{country.name}'s main opposition parties", [],
                [(s, "the main opposition parties boycotted the vote") for s in quoted],
            )  # fmt: skip
            self.claim(
                block, f"event:{slug}-boycott", ["ekg:Boycott"],
                "the main opposition parties boycotted the vote",
                [about, ("ekg:participant", group)],
                [(s, "the main opposition parties boycotted the vote") for s in quoted],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.1:
            block = Block()
            start = day + datetime.timedelta(days=rng.randint(30, 90))
            self.claim(
                block, f"event:{slug}-summit", ["ekg:Conference"], "an international summit",
                [about, ("ekg:location", country.capital), ("ekg:date", xdate(start)),
                 ("ekg:endDate", xdate(start + datetime.timedelta(days=rng.randint(1, 12))))],
                [(s, "the summit the capital is to host") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.1:
            block = Block()
            operation = day - datetime.timedelta(days=rng.randint(60, 400))
            self.claim(
                block, f"event:{slug}-military-operation", ["ekg:MilitaryOperation"],
                "a military operation in the province",
                [("ekg:location", country.region), ("ekg:date", xmonth(operation))],
                [(s, "after troops recaptured the province") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.3:
            block = Block()
            by = rng.choice(self.agencies)
            self.claim(
                block, f"measure:{slug}-biometric-check", ["ekg:ElectoralMeasure"],
                "biometric check of every voter",
                [about, ("ekg:purpose", en("to prevent anyone from voting more than once")),
                 ("ekg:reportedBy", by)],
                [(s, "each voter's thumb was scanned") for s in self.pick(sources, 1)],
            )  # fmt: skip
            self.claim(
                block, f"first:{slug}-entire-territory", ["ekg:HistoricalFirst"],
                "the first election covering the entire territory",
                [about, ("ekg:aboutPlace", country.region)],
                [(s, "For the first time, the election covered the entire territory of the "
                  "country") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if relayed and people:
            block = Block()
            speaker = rng.choice(people)
            quoted = self.pick(sources, 1)
            self.claim(
                block, f"statement:{slug}-interview-{speaker.iri.removeprefix('person:')}",
                ["ekg:LegitimacyChallenge"], f"{speaker.name}: the results are propaganda",
                [("ekg:speaker", speaker.iri), about, ("ekg:stance", "ekg:Critical"),
                 ("ekg:quotedFrom", relayed)],
                [(s, f"in an interview, {speaker.name} called the results propaganda")
                 for s in quoted], prop="ekg:paraphrase", also_derived_from=[relayed],
            )  # fmt: skip
            optional.append(block)

    def igos_for(self, force: bool) -> list[str]:
        if force:
            return list(self.igos[:3])
        return self.rng.sample(self.igos, self.rng.randint(0, 3))


# --- the whole graph ---------------------------------------------------------------------------


def generate(triples: int, seed: int, out: Path) -> Summary:
    """Write a graph of about ``triples`` facts to ``out/graph`` and copy the other folders.

    ``out`` must be new, empty, or an earlier output of this script (it then is replaced).
    """
    prepare(out)
    generator = Generator(seed)
    summary = Summary(seed=seed, requested=triples)
    graph = out / "graph"
    graph.mkdir(parents=True)

    def write(name: str, block: Block) -> None:
        """Each file is written when its country is done: memory stays that of one country."""
        with open(graph / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(PREFIXES)
            handle.writelines(block.parts)
        summary.files += 1
        summary.triples += block.triples
        for kind, count in block.types.items():
            summary.types[kind] = summary.types.get(kind, 0) + count

    reference = generator.reference()
    write("reference.ttl", reference)
    total = reference.triples
    done = False
    index = 0
    while not done:
        index += 1
        country, header = generator.new_country(index)
        body = Block()
        body.extend(header)
        year = 1990 + generator.rng.randint(0, 6)
        kinds = ["presidential", "parliamentary"]
        generator.rng.shuffle(kinds)
        elections = generator.rng.randint(2, 10)
        written = 0
        for number_ in range(elections):
            kind = kinds[number_ % 2]
            core, optional, election = generator.election(country, kind, year)
            year += generator.rng.randint(1, 4)
            core_size = core.triples + (header.triples if written == 0 else 0)
            full = core_size + sum(block.triples for block in optional)
            if total + full <= triples:
                body.extend(core)
                for block in optional:
                    body.extend(block)
                total += full
            else:
                room = triples - total
                if room < core_size / 2:  # closer to the target without this election
                    done = True
                    break
                body.extend(core)
                total += core_size
                for block in optional:
                    if total + block.triples <= triples:
                        body.extend(block)
                        total += block.triples
                done = True
            summary.elections.append(election)
            written += 1
            if done:
                break
        if written:
            write(f"{country.slug}.ttl", body)
            summary.countries += 1
    (out / MANIFEST).write_text(summary.to_json(), encoding="utf-8")
    return summary


def prepare(out: Path) -> None:
    """Copy ontology/, shapes/, queries/; never overwrite a folder this script did not make."""
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise SystemExit(f"{out} exists and is not an earlier output of this script")
    for name in ("graph", *COPIED_FOLDERS):
        if (out / name).exists():
            shutil.rmtree(out / name)
    out.mkdir(parents=True, exist_ok=True)
    for name in COPIED_FOLDERS:
        shutil.copytree(REPO_ROOT / name, out / name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="facts to generate (about)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output data root")
    args = parser.parse_args(argv)
    if args.triples < 3000:
        parser.error("--triples: at least 3000 (one country with its elections)")
    started = time.perf_counter()
    summary = generate(args.triples, args.seed, args.out)
    seconds = time.perf_counter() - started
    print(
        f"{summary.triples} triples ({summary.triples / args.triples - 1:+.2%} of {args.triples}) "
        f"in {summary.files} files: {summary.countries} countries, {len(summary.elections)} "
        f"elections; {seconds:.1f} s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
