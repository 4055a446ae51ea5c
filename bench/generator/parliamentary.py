"""A parliamentary election: the legislature's size, seats won by parties and groups, and the
outcome, each quote naming the commission that reported it.
"""

from __future__ import annotations

from .events import EventWriter
from .turtle import Block, Source, en, number
from .world import Country


class ParliamentaryWriter(EventWriter):
    """The parts only a parliamentary election has."""

    def parliamentary(
        self, core: Block, optional: list[Block], country: Country, election: str, slug: str,
        title: str, sources: list[Source], force: bool,
    ) -> tuple[str, str]:  # fmt: skip
        """The legislature's size, seats won by parties and groups, and the outcome."""
        rng = self.rng
        cec = self.labels[country.cec]
        assembly = self.labels[country.legislature]
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
        self.claim(
            core, f"figure:{slug}-legislature-size", ["ekg:LegislatureSize"],
            f"a {size}-member legislature",
            [("ekg:aboutElection", election), ("ekg:aboutAgent", country.legislature),
             ("ekg:value", number(size)), ("ekg:bound", "ekg:Exact"), ("ekg:unit", "ekg:Seats"),
             ("ekg:reportedBy", country.cec)],
            [(s, f"the {cec} counted the vote for all {size} seats of the {assembly}")
             for s in self.pick(sources)],
        )  # fmt: skip
        for index in order:
            party_iri, party_name = parties[index]
            quoted = self.pick(sources)
            self.claim(
                core, f"figure:{slug}-seats-{party_iri.removeprefix('organisation:')}",
                ["ekg:SeatsWon"], f"{party_name}: {seats[index]} seats",
                [("ekg:aboutElection", election), ("ekg:aboutAgent", party_iri),
                 ("ekg:value", number(seats[index])), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:Seats"), ("ekg:reportedBy", country.cec)],
                [(s, f"The {party_name} won {seats[index]} seats in the vote, the {cec} said.")
                 for s in quoted],
            )  # fmt: skip
            if index == order[0]:
                core.winner_rows = len(quoted)
        self.claim(
            core, f"outcome:{slug}", ["ekg:ElectionOutcome"], f"the {winner_name} won the {title}",
            [("ekg:aboutElection", election), ("ekg:winner", winner_iri),
             ("ekg:reportedBy", country.cec)],
            [(s, f"The {winner_name} has won the parliamentary elections, the {cec} announced.")
             for s in self.pick(sources)],
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
            sentence = f"{count} seats were won by {words} in the vote"
            self.claim(block, group, ["ekg:AgentGroup"], f"{words} in the {title}",
                       [("skos:altLabel", en(words))],
                       [(s, sentence) for s in quoted])  # fmt: skip
            self.claim(
                block, f"figure:{slug}-seats-{group_name}", ["ekg:SeatsWon"],
                f"{words}: {count} seats",
                [("ekg:aboutElection", election), ("ekg:aboutAgent", group),
                 ("ekg:value", number(count)), ("ekg:bound", "ekg:Exact"),
                 ("ekg:unit", "ekg:Seats")],
                [(s, sentence) for s in quoted],
            )  # fmt: skip
            if group_name == "candidates-of-small-parties":
                parties_count = rng.randint(2, 9)
                self.claim(
                    block, f"figure:{slug}-small-parties-count", ["ekg:PartyCount"],
                    f"{parties_count} small political parties",
                    [("ekg:aboutElection", election), ("ekg:aboutAgent", group),
                     ("ekg:value", number(parties_count)), ("ekg:bound", "ekg:Exact"),
                     ("ekg:unit", "ekg:Parties")],
                    [(s, f"the {words} in the vote came from {parties_count} political parties")
                     for s in quoted],
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
                [(s, f"{member.name}, a deputy of the {assembly}") for s in self.pick(sources, 1)],
            )  # fmt: skip
            optional.append(block)
        return winner_iri, winner_name
