"""A presidential election: candidacies, the outcome, vote shares at several count snapshots,
exit polls, and what the articles say about the winner.
"""

from __future__ import annotations

import datetime

from .events import EventWriter
from .turtle import (
    Block,
    Obj,
    Source,
    count_progress,
    hundredths,
    number,
    ordinal,
    percent_words,
    xyear,
)
from .world import Country, Person

_SNAPSHOT_WORDS = {"ekg:FinalResults": "final", "ekg:PreliminaryResults": "preliminary"}


class PresidentialWriter(EventWriter):
    """The parts only a presidential election has."""

    def presidential(
        self, core: Block, optional: list[Block], country: Country, election: str, slug: str,
        title: str, sources: list[Source], day: datetime.date, force: bool,
    ) -> tuple[str, str]:  # fmt: skip
        """Candidacies, the outcome and vote shares at several count snapshots.

        Each block counts the rows the stored query ``winner`` gives for what it holds.
        """
        rng = self.rng
        cec = self.labels[country.cec]
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
                words = f"{person.name}, nominated by the {party_name},"
            self.claim(
                core, iri, ["ekg:Candidacy"], f"{person.name}'s candidacy in the {title}", pairs,
                [(s, f"{words} is running in the election") for s in self.pick(sources)],
            )  # fmt: skip
            candidacies.append((iri, person))
        self.claim(
            core, f"outcome:{slug}", ["ekg:ElectionOutcome"], f"{winner.name} won the {title}",
            [("ekg:aboutElection", election), ("ekg:winner", winner.iri),
             ("ekg:reportedBy", country.cec)],
            [(s, f"{winner.name} was declared the winner of the presidential election by the "
              f"{cec}") for s in self.pick(sources)],
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
        shares: list[int] = []
        for number_, (status, progress, unit) in enumerate(chosen):
            # the first snapshot is core; later ones are optional, so the size can be met
            block = core if number_ == 0 else Block()
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
                placed = ordinal(ranks[position])
                if position < 2:
                    pairs.append(("ekg:rank", str(ranks[position])))
                verb = f"came {placed} with" if position < 2 and placed else "received"
                read = ["ekg:rank"] if position < 2 and not placed else []
                if status == "ekg:FinalResults":
                    read.append("ekg:resultsStatus")
                tag = "-".join(x for x in (state_words, str(progress) if progress else "") if x)
                self.claim(
                    block,
                    f"figure:{slug}-share-{person.iri.removeprefix('person:')}-{tag}",
                    ["ekg:VoteShare"],
                    f"{person.name} {percent_words(share)} % ({state_words}{after})",
                    pairs,
                    [(s, f"{person.name} {verb} {percent_words(share)} percent of the votes"
                      f"{after}, according to {state_words} data of the {cec}") for s in quoted],
                    read=read,
                    note="the rank and the status are read from the whole count, not the words",
                )  # fmt: skip
                if position == 0:
                    block.winner_rows += len(quoted)
            if block is not core:
                optional.append(block)
        if force or rng.random() < 0.5:  # "over N percent": a lower bound, outside the sums
            floor = shares[0] // 100
            quoted = self.pick(sources, 1)
            block = Block()
            self.claim(
                block, f"figure:{slug}-share-{winner.iri.removeprefix('person:')}-over-{floor}",
                ["ekg:VoteShare"], f"{winner.name} over {floor} % (early tallies)",
                [("ekg:aboutElection", election), ("ekg:aboutCandidacy", candidacies[0][0]),
                 ("ekg:value", number(floor)), ("ekg:bound", "ekg:AtLeast"),
                 ("ekg:unit", "ekg:PercentOfVotes")],
                [(s, f"early tallies of the vote gave {winner.name} over {floor} percent")
                 for s in quoted],
            )  # fmt: skip
            block.winner_rows += len(quoted)
            optional.append(block)
        self.about_winner(optional, country, election, slug, title, sources, day, force,
                          candidates, candidacies[0][0], shares[0])  # fmt: skip
        return winner.iri, winner.name

    def about_winner(
        self, optional: list[Block], country: Country, election: str, slug: str, title: str,
        sources: list[Source], day: datetime.date, force: bool, candidates: list[Person],
        candidacy: str, share: int,
    ) -> None:  # fmt: skip
        """The candidate count, exit polls, the winner's term, age, office and family."""
        rng = self.rng
        winner = candidates[0]
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
            value = min(9990, max(100, share + rng.randint(-300, 300)))
            name = pollster.removeprefix("organisation:")
            self.claim(
                block, f"figure:{slug}-exit-poll-{name}", ["ekg:ExitPoll"],
                f"exit poll by {name}: {winner.name} {percent_words(value)} %",
                [("ekg:aboutElection", election), ("ekg:aboutCandidacy", candidacy),
                 ("ekg:value", hundredths(value)), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:PercentOfVotes"), ("ekg:reportedBy", pollster)],
                [(s, f"According to the exit poll of the {self.labels[pollster]}, "
                  f"{percent_words(value)} percent of voters cast their ballots for "
                  f"{winner.name}.") for s in self.pick(sources)],
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
            [(s, f"with the vote, {winner.name} secured term number {term} in office")
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
            [(s, f"{winner.name}, President of {country.name} since {day.year}")
             for s in self.pick(sources, 1)],
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
                [(s, f"{relative.name}, the father of {winner.name}")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
            self.claim(
                block, f"position:{slug}-{relative.iri.removeprefix('person:')}-former-leader",
                ["ekg:PositionHeld"], f"{relative.name}, former leader",
                [("org:member", relative.iri), ("org:organization", f"state:{country.slug}"),
                 ("org:role", "ekg:CommunistLeader"), ("ekg:isFormer", "true")],
                [(s, f"{relative.name}, the former Soviet-era Communist leader of {country.name}")
                 for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        if force or rng.random() < 0.5:
            block = Block()
            self.claim(
                block, f"statement:{slug}-rivals-praise", ["ekg:Praise"],
                f"rival candidates praised {winner.name}",
                [("ekg:aboutAgent", winner.iri), ("ekg:aboutElection", election),
                 ("ekg:stance", "ekg:Supportive"), ("ekg:speaker", candidates[1].iri)],
                [(s, f"{candidates[1].name} praised {winner.name} after the vote")
                 for s in self.pick(sources, 1)],
                prop="ekg:paraphrase",
            )  # fmt: skip
            optional.append(block)
