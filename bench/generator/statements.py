"""What people and states said about an election: congratulations, challenges, assessments,
well-wishing, and the reasons given for a snap election.

A statement rests on its speaker's words: the quote names the speaker (or the state a
leadership speaks for) and the election, and a mandate ("speaking for the party") is written
where the statement is on behalf of someone, never a mere affiliation.
"""

from __future__ import annotations

from .figures import FigureWriter
from .turtle import Block, Source, number
from .world import Country


class StatementWriter(FigureWriter):
    """Statements for and against the vote and its winner."""

    def statements(
        self, optional: list[Block], country: Country, election: str, slug: str,
        sources: list[Source], snap: bool, winner: str, winner_name: str, force: bool,
    ) -> None:  # fmt: skip
        rng = self.rng
        about = ("ekg:aboutElection", election)
        # congratulations from foreign leaderships, addressed to the winner
        for state, lead in rng.sample(self.states, 5 if force else rng.randint(0, 6)):
            block = Block()
            state_slug = state.removeprefix("state:")
            name = self.labels[state]
            self.claim(
                block, f"statement:{slug}-congratulation-{state_slug}", ["ekg:Congratulation"],
                f"the leadership of {name} congratulated {winner_name}",
                [("ekg:speaker", lead), ("ekg:onBehalfOf", state), ("ekg:addressee", winner),
                 about, ("ekg:stance", "ekg:Supportive")],
                [(s, f"The leaders of {name} have already congratulated {winner_name} on the "
                  "victory in the election.") for s in self.pick(sources, 1)],
                prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
        people = country.people
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
                [(s, f"{critic.name}, speaking for the {party_name}, called the vote an "
                  "imitation of democracy") for s in quoted], prop="ekg:paraphrase",
                extra_evidence=[("ekg:directQuote", quoted[0], "imitation of democracy",
                                 ("ekg:stance",))],
            )  # fmt: skip
            self.claim(
                block, f"statement:{slug}-allegation-{party_iri.removeprefix('organisation:')}",
                ["ekg:AllegationOfViolations"], f"{party_name}: mass violations",
                [("ekg:speaker", party_iri), ("ekg:onBehalfOf", party_iri), about,
                 ("ekg:stance", "ekg:Critical")],
                [(s, f"The {party_name} said there were mass violations in the vote, including "
                  "multiple voting.") for s in quoted], prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.6:
            block = Block()
            quoted = self.pick(sources, 1)
            ministry = self.labels[country.ministry]
            self.claim(
                block, f"statement:{slug}-ministry-assessment", ["ekg:Assessment"],
                f"{country.name}'s foreign ministry: the vote was historic",
                [("ekg:speaker", country.ministry), ("ekg:onBehalfOf", f"state:{country.slug}"),
                 about, ("ekg:stance", rng.choice(("ekg:Supportive", "ekg:Neutral")))],
                [(s, "We consider these elections as historic") for s in quoted],
                prop="ekg:directQuote", read=("ekg:speaker", "ekg:onBehalfOf"),
                note="said by the ministry the sentence names after the quoted words",
                frame=f"\u201c{{q}},\u201d the {ministry} said.",
            )  # fmt: skip
            state, _ = rng.choice(self.states)
            self.claim(
                block, f"statement:{slug}-well-wishing", ["ekg:WellWishing"],
                "a foreign ministry hopes the elections are auspicious",
                [("ekg:onBehalfOf", state), about, ("ekg:stance", "ekg:Supportive"),
                 ("prov:wasAttributedTo", quoted[0].iri)],  # no speaker named: the article's
                [(s, f"the foreign ministry of {self.labels[state]} expressed its sincere hope "
                  "that the elections would be auspicious") for s in quoted],
                prop="ekg:paraphrase",
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
                [(s, "the election was held a year ahead of schedule")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
