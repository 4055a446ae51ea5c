"""The generated world: shared actors, countries with their bodies and people, news sources,
and :meth:`WorldWriter.claim`, which writes one sourced node with its evidence.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from .turtle import Block, Digest, Obj, Quote, Source, en, lit, unique, xdate

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
Pair = tuple[str, Obj]
_NOT_FACTS = ("a", "rdfs:label", "skos:altLabel", "prov:wasAttributedTo")
"""Labels are reference data, not claims; attribution to the quoting article is provenance."""


@dataclass
class Person:
    iri: str
    name: str
    birth_year: int
    defined: bool = False


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


class WorldWriter:
    """Names, countries, sources and sourced nodes, every choice drawn from one seeded generator.

    ``labels`` maps each entity's CURIE to its English label, so that quotes can name it.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_slugs: set[str] = set()
        self.source_number = 0
        self.election_number = 0
        self.states: list[tuple[str, str]] = []  # (state IRI, leadership IRI) of other states
        self.igos: list[str] = []
        self.agencies: list[str] = []
        self.labels: dict[str, str] = {}

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
        self.labels[person.iri] = person.name
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
            self.labels[state] = name
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
            self.labels[iri] = acronym
        for name in _NEWS_AGENCIES:
            iri = f"organisation:{self.slug(name.lower().replace(' ', '-'))}"
            block.add(iri, [("a", "ekg:NewsOrganisation"), ("rdfs:label", en(name))])
            self.agencies.append(iri)
            self.labels[iri] = name
        return block

    def new_country(self, index: int) -> tuple[Country, Block]:
        """A state with its commission, legislature, ministry, parties, media and politicians."""
        block = Block()
        name = self.country_name()
        slug = self.slug(name.lower())
        state = f"state:{slug}"
        self.labels[state] = name
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
        self.labels[capital] = capital_name
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
        self.labels[region] = region_name
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
            self.labels[iri] = party_name
        news = []
        for kind in ("Times", "Daily", "News Agency"):
            news_name = f"{capital_name} {kind}"
            iri = f"organisation:{self.slug(news_name.lower().replace(' ', '-'))}"
            block.add(iri, [("a", "ekg:NewsOrganisation"), ("rdfs:label", en(news_name))])
            news.append(iri)
            self.labels[iri] = news_name
        pollsters = []
        for kind in ("Research Center", "Monitoring Group"):
            pollster_name = f"{self.word(2).title()} {kind}"
            iri = f"organisation:{self.slug(pollster_name.lower().replace(' ', '-'))}"
            block.add(iri, [("a", "ekg:Pollster"), ("rdfs:label", en(pollster_name))])
            pollsters.append(iri)
            self.labels[iri] = pollster_name
        cso_name = f"{name} Voters' League"
        civil_society = f"organisation:{self.slug(slug + '-voters-league')}"
        block.add(
            civil_society, [("a", "ekg:CivilSocietyOrganisation"), ("rdfs:label", en(cso_name))]
        )
        self.labels[cec] = f"Central Election Commission of {name}"
        self.labels[legislature] = f"National Assembly of {name}"
        self.labels[ministry] = f"Foreign Ministry of {name}"
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
            seed = Source(iri, "", f"{number_:03d}_{digest16}.txt")
            published = day + datetime.timedelta(days=1 + position // 2)
            publisher = self.rng.choice(country.news)
            seed.label = label = f"Seed {number_:03d}: {title} ({published.isoformat()})"
            pairs: list[tuple[str, Obj]] = [
                ("a", "ekg:SourceDocument"),
                ("a", "schema:NewsArticle"),
                ("rdfs:label", en(label)),
                ("ekg:seedFile", lit(seed.seed_file)),
                ("ekg:sha256", Digest(seed)),
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
            documents.append(seed)
        return documents, relayed

    def pick(self, sources: list[Source], most: int = 2) -> list[Source]:
        return self.rng.sample(sources, self.rng.randint(1, min(most, len(sources))))

    def claim(
        self,
        block: Block,
        subject: str,
        types: Sequence[str],
        label: str,
        pairs: Sequence[Pair],
        quotes: Sequence[tuple[Source, str]],
        *,
        prop: str = "ekg:evidence",
        read: Sequence[str] = (),
        note: str = "",
        frame: str = "",
        also_derived_from: Sequence[str] = (),
        extra_evidence: Sequence[tuple[str, Source, str, tuple[str, ...]]] = (),
    ) -> None:
        """A sourced resource: its types, label and pairs, derived from the quoted sources.

        Each quote states every property of ``pairs`` but those in ``read``, which it states by
        a reading (``note`` says which); ``frame`` is the sentence around the quote (``{q}``).
        ``extra_evidence`` adds quotes under another link, each with the properties it states.
        """
        derived = unique([source.iri for source, _ in quotes] + list(also_derived_from))
        derived += [s.iri for _, s, _, _ in extra_evidence if s.iri not in derived]
        states = tuple(p for p in unique(p for p, _ in pairs) if p not in (*read, *_NOT_FACTS))
        full: list[Pair] = [("a", kind) for kind in types]
        full.append(("rdfs:label", en(label)))
        full.extend(pairs)
        full.extend(("prov:wasDerivedFrom", iri) for iri in derived)
        full.extend(
            (prop, Quote(source, text, states, tuple(read), note, frame)) for source, text in quotes
        )
        full.extend(
            (link, Quote(source, text, stated)) for link, source, text, stated in extra_evidence
        )
        block.add(subject, full)
