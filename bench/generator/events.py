"""Events around an election (its announcement, a ballot cast, a rally, a boycott, a summit,
an operation), measures and firsts, and an interview a seed relays.

Dates are written as the seeds write them ("March 3", "in March", "on Monday"), so that the
value check reads them from the quote.
"""

from __future__ import annotations

import datetime

from .statements import StatementWriter
from .turtle import Block, Source, en, lit, month, month_day, xdate, xmonth
from .world import Country


class EventWriter(StatementWriter):
    """Dated events, measures and historical firsts."""

    def events(
        self, optional: list[Block], country: Country, election: str, slug: str, title: str,
        sources: list[Source], relayed: str | None, day: datetime.date, winner: str,
        force: bool,
    ) -> None:  # fmt: skip
        rng = self.rng
        about = ("ekg:aboutElection", election)
        capital = self.labels[country.capital]
        region = self.labels[country.region]
        block = Block()
        announced = day - datetime.timedelta(days=rng.randint(45, 120))
        caller = country.president.iri if country.president else winner
        quoted = self.pick(sources, 1)
        stated = "in " + month(announced)
        self.claim(
            block, f"event:{slug}-announcement", ["ekg:ElectionAnnouncement"],
            f"the {title} was called",
            [about, ("ekg:participant", caller), ("ekg:date", xmonth(announced)),
             ("ekg:dateStatedAs", lit(stated)), ("ekg:dateResolvedAgainst", quoted[0].iri)],
            [(s, f"since {self.labels[caller]} announced the election {stated}")
             for s in quoted],
        )  # fmt: skip
        if country.people:
            voter = rng.choice(country.people)
            self.claim(
                block, f"event:{slug}-ballot-casting", ["ekg:BallotCasting"],
                f"{voter.name} cast a ballot in the capital",
                [about, ("ekg:participant", voter.iri), ("ekg:location", country.capital),
                 ("ekg:date", xdate(day)), ("ekg:unnamedParticipants", en("his family"))],
                [(s, f"{voter.name} went to cast the ballot with his family in {capital} on "
                  f"{month_day(day)}") for s in self.pick(sources, 1)],
            )  # fmt: skip
        self.claim(
            block, f"event:{slug}-celebration", ["ekg:Rally"], "supporters celebrate the result",
            [about, ("ekg:location", country.capital), ("ekg:date", xdate(day)),
             ("ekg:unnamedParticipants", en("several thousand supporters"))],
            [(s, f"on {month_day(day)}, several thousand supporters gathered in the streets of "
              f"{capital} to celebrate the vote") for s in self.pick(sources, 1)],
        )  # fmt: skip
        optional.append(block)
        if force or rng.random() < 0.3:
            block = Block()
            group = f"group:{slug}-main-opposition-parties"
            quoted = self.pick(sources, 1)
            words = "the main opposition parties boycotted the vote"
            self.claim(
                block, group, ["ekg:AgentGroup"], f"{country.name}'s main opposition parties",
                [("skos:altLabel", en("the main opposition parties"))],
                [(s, words) for s in quoted],
            )  # fmt: skip
            self.claim(
                block, f"event:{slug}-boycott", ["ekg:Boycott"], words,
                [about, ("ekg:participant", group)], [(s, words) for s in quoted],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.1:
            block = Block()
            start = day + datetime.timedelta(days=rng.randint(30, 90))
            end = start + datetime.timedelta(days=rng.randint(1, 12))
            self.claim(
                block, f"event:{slug}-summit", ["ekg:Conference"], "an international summit",
                [about, ("ekg:location", country.capital), ("ekg:date", xdate(start)),
                 ("ekg:endDate", xdate(end))],
                [(s, f"the summit {capital} is to host from {month_day(start)} to "
                  f"{month_day(end)}, after the vote") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.1:
            block = Block()
            operation = day - datetime.timedelta(days=rng.randint(60, 400))
            self.claim(
                block, f"event:{slug}-military-operation", ["ekg:MilitaryOperation"],
                "a military operation in the province",
                [("ekg:location", country.region), ("ekg:date", xmonth(operation))],
                [(s, f"after troops recaptured {region} in {month(operation)}")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.3:
            block = Block()
            by = rng.choice(self.agencies)
            purpose = "to prevent anyone from voting more than once"
            self.claim(
                block, f"measure:{slug}-biometric-check", ["ekg:ElectoralMeasure"],
                "biometric check of every voter",
                [about, ("ekg:purpose", en(purpose)), ("ekg:reportedBy", by)],
                [(s, f"{self.labels[by]} reported that each voter's thumb was scanned {purpose}")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
            self.claim(
                block, f"first:{slug}-entire-territory", ["ekg:HistoricalFirst"],
                "the first election covering the entire territory",
                [about, ("ekg:aboutPlace", country.region)],
                [(s, "For the first time, the election covered the entire territory of the "
                  f"country, {region} included") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if relayed and country.people:
            block = Block()
            speaker = rng.choice(country.people)
            self.claim(
                block, f"statement:{slug}-interview-{speaker.iri.removeprefix('person:')}",
                ["ekg:LegitimacyChallenge"], f"{speaker.name}: the results are propaganda",
                [("ekg:speaker", speaker.iri), about, ("ekg:stance", "ekg:Critical"),
                 ("ekg:quotedFrom", relayed)],
                [(sources[0], f"in an interview, {speaker.name} called the results of the vote "
                  "propaganda")], prop="ekg:paraphrase", also_derived_from=[relayed],
                read=("ekg:quotedFrom",), note="the interview is the one the article relays",
            )  # fmt: skip
            optional.append(block)
