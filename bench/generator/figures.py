"""What every election has around its result: turnout, counts around the vote, missions.

Each quote names what it states (the value with its bound, the election by a word such as
"vote", the reporter and places by their labels), so that ``electionkg check`` finds every
value in its words; what the words do not say is a reading with a note.
"""

from __future__ import annotations

import datetime

from .turtle import Block, Source, hundredths, lit, number, percent_words, weekday, xdate
from .world import Country, WorldWriter


class FigureWriter(WorldWriter):
    """Turnout from several reporters, observer and media counts, observer missions."""

    def turnout(
        self, optional: list[Block], country: Country, election: str, slug: str,
        sources: list[Source], force: bool,
    ) -> None:  # fmt: skip
        """Turnout from the commission, its chief (approximate), a newspaper (no number)."""
        rng = self.rng
        about = ("ekg:aboutElection", election)
        cec = self.labels[country.cec]
        block = Block()
        turnout = rng.randint(3000, 9000)
        self.claim(
            block, f"figure:{slug}-turnout-commission", ["ekg:Turnout"],
            f"turnout {percent_words(turnout)} %, election commission",
            [about, ("ekg:value", hundredths(turnout)), ("ekg:bound", "ekg:Exact"),
             ("ekg:unit", "ekg:PercentOfRegisteredVoters"),
             ("ekg:resultsStatus", "ekg:PreliminaryResults"), ("ekg:reportedBy", country.cec)],
            [(s, f"preliminary voter turnout was {percent_words(turnout)} percent, according to "
              f"the {cec}") for s in self.pick(sources)],
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
                [(s, f"Turnout in the vote was about {percent_words(other)} percent, the chief of "
                  f"the {cec}, {chair.name}, told a press conference.") for s in quoted],
            )  # fmt: skip
            self.claim(
                block, f"position:{slug}-{chair_slug}-commission-chair", ["ekg:PositionHeld"],
                f"{chair.name}, chief of the Central Election Commission",
                [("org:member", chair.iri), ("org:organization", country.cec),
                 ("org:role", "ekg:Chairperson")],
                [(s, f"the chief of the {cec}, {chair.name}") for s in quoted],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.4:
            block = Block()
            reporter = rng.choice(country.news)
            self.claim(
                block, f"figure:{slug}-turnout-qualitative", ["ekg:Turnout"],
                "a record-high turnout (no number given)",
                [about, ("ekg:qualitativeValue", lit("record-high") + "@en"),
                 ("ekg:reportedBy", reporter)],
                [(s, f"the {self.labels[reporter]} reported a record-high voter turnout")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)

    def counts(
        self, optional: list[Block], country: Country, election: str, slug: str,
        sources: list[Source], force: bool,
    ) -> None:  # fmt: skip
        """Observers (all, over N; international, exact), media, webcams, polling stations."""
        rng = self.rng
        about = ("ekg:aboutElection", election)
        block = Block()
        observers = rng.randint(500, 90000)
        international = rng.randint(50, 1500)
        countries_from = rng.randint(5, 90)
        media = rng.randint(20, 200)
        webcams = rng.randint(100, 5000)
        stations = rng.randint(5, 300)
        region = self.labels[country.region]
        for name, kinds, label, figure_pairs, words in (
            ("observers-registered", "ekg:ObserverCount", f"over {observers} observers registered",
             [("ekg:value", number(observers)), ("ekg:bound", "ekg:AtLeast"),
              ("ekg:unit", "ekg:Persons"), ("ekg:observerScope", "ekg:AllObservers")],
             f"all observers registered for the vote numbered over {observers}"),
            ("observers-international", "ekg:ObserverCount",
             f"{international} international observers from {countries_from} countries",
             [("ekg:value", number(international)), ("ekg:bound", "ekg:Exact"),
              ("ekg:unit", "ekg:Persons"), ("ekg:observerScope", "ekg:InternationalObservers"),
              ("ekg:fromCountryCount", str(countries_from))],
             f"the vote was watched by {international} international observers from "
             f"{countries_from} countries"),
            ("accredited-media", "ekg:AccreditedMediaCount", f"{media} media outlets accredited",
             [("ekg:value", number(media)), ("ekg:bound", "ekg:Exact"),
              ("ekg:unit", "ekg:MediaOutlets")],
             f"{media} international media outlets were accredited to cover the vote"),
            ("webcams", "ekg:WebcamCount", f"over {webcams} webcams",
             [("ekg:value", number(webcams)), ("ekg:bound", "ekg:AtLeast"),
              ("ekg:unit", "ekg:Webcams")],
             f"over {webcams} webcams were deployed to watch the vote"),
            ("polling-stations", "ekg:PollingStationCount", f"{stations} polling stations",
             [("ekg:value", number(stations)), ("ekg:bound", "ekg:Exact"),
              ("ekg:unit", "ekg:PollingStations"), ("ekg:aboutPlace", country.region)],
             f"{stations} polling stations opened in {region} for the vote"),
        ):  # fmt: skip
            if not force and rng.random() < 0.4:
                continue
            self.claim(block, f"figure:{slug}-{name}", [kinds], label, [about, *figure_pairs],
                       [(s, words) for s in self.pick(sources, 1)])  # fmt: skip
        if block.triples:
            optional.append(block)

    def missions(
        self, optional: list[Block], country: Country, election: str, slug: str, title: str,
        sources: list[Source], day: datetime.date, force: bool,
    ) -> None:  # fmt: skip
        """Observer missions, each with a briefing and an assessment made at it."""
        rng = self.rng
        about = ("ekg:aboutElection", election)
        for number_, igo in enumerate(self.igos_for(force)):
            block = Block()
            igo_slug = igo.removeprefix("organisation:")
            acronym = self.labels[igo]
            mission = f"mission:{igo_slug}-{slug}"
            head = self.new_person(block, country)
            quoted = self.pick(sources, 1)
            places = [country.capital] + ([country.region] if number_ == 0 else [])
            pairs = [
                ("ekg:deployedBy", igo), ("ekg:observes", election),
                *(("ekg:monitoredPlace", place) for place in places),
                ("ekg:headOfMission", head.iri), ("ekg:spokesperson", head.iri),
            ]  # fmt: skip
            where = " and ".join(self.labels[place] for place in places)
            self.claim(block, mission, ["ekg:ObserverMission"],
                       f"{igo_slug.upper()} observation mission, {title}", pairs,
                       [(s, f"the {acronym} observation mission led by {head.name} monitored the "
                         f"vote in {where}") for s in quoted],
                       read=("ekg:spokesperson",),
                       note="spokesperson: the head of mission is the one who briefed on its "
                       "findings")  # fmt: skip
            briefing = f"event:{slug}-{igo_slug}-briefing"
            briefing_day = day + datetime.timedelta(days=1)
            stated = "on " + weekday(briefing_day)
            self.claim(
                block, briefing, ["ekg:Briefing"], f"{igo_slug.upper()} briefing on its findings",
                [about, ("ekg:participant", head.iri), ("ekg:date", xdate(briefing_day)),
                 ("ekg:dateStatedAs", lit(stated)), ("ekg:dateResolvedAgainst", quoted[0].iri)],
                [(s, f"{head.name} held a briefing on the monitoring results of the vote "
                  f"{stated}") for s in quoted],
            )  # fmt: skip
            critical = rng.random() < 0.25
            self.claim(
                block, f"statement:{slug}-{igo_slug}-assessment", ["ekg:ObserverAssessment"],
                f"{igo_slug.upper()} mission: " + ("serious shortcomings" if critical else
                                                    "held openly and transparently"),
                [about, ("ekg:speaker", head.iri), ("ekg:onBehalfOf", mission),
                 ("ekg:stance", "ekg:Critical" if critical else "ekg:Supportive")],
                [(s, f"{head.name} said the mission concluded that the election " + (
                    "fell short of international standards" if critical else
                    "was held openly and transparently")) for s in quoted],
                prop="ekg:directQuote", read=("ekg:onBehalfOf",),
                note="on behalf of the mission he heads, named in the sentences before",
            )  # fmt: skip
            optional.append(block)

    def igos_for(self, force: bool) -> list[str]:
        if force:
            return list(self.igos[:3])
        return self.rng.sample(self.igos, self.rng.randint(0, 3))
