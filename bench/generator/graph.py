"""One election at a time, country by country, until the requested size; then the files.

Each election is a mandatory core (the election, its sources, candidacies, vote shares or
seats, the outcome) and optional blocks (statements, missions, figures, events); the last
election keeps only the optional blocks that fit, so the total lands within a few triples of
the request. A country's Turtle file and the seeds its quotes come from are written together,
once the blocks it keeps are known, so memory stays that of one country.
"""

from __future__ import annotations

import datetime
import json
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from .parliamentary import ParliamentaryWriter
from .presidential import PresidentialWriter
from .seeds import render
from .turtle import PREFIXES, Block, Obj, month_day, weekday, xdate, xyear
from .world import Country

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
COPIED_FOLDERS = ("ontology", "shapes", "queries")
MANIFEST = "generated.json"


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
    seeds: int = 0
    quotes: int = 0
    elections: list[ElectionSummary] = field(default_factory=list)
    types: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {
            "seed": self.seed,
            "requested_triples": self.requested,
            "triples": self.triples,
            "countries": self.countries,
            "files": self.files,
            "seeds": self.seeds,
            "quotes": self.quotes,
            "elections": [
                {"iri": e.iri, "kind": e.kind, "winner": e.winner, "winner_rows": e.winner_rows}
                for e in self.elections
            ],
            "instances": dict(sorted(self.types.items())),
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


class Generator(PresidentialWriter, ParliamentaryWriter):
    """Writes one election: its core block and its optional blocks."""

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
        where = f"in {country.name}"
        if snap:
            election_pairs.append(("ekg:originallyScheduledFor", xyear(year + 1)))
            where += f", originally due in {year + 1},"
        if kind == "parliamentary":
            election_pairs.append(("ekg:electsMembersOf", country.legislature))
            where = f"to the {self.labels[country.legislature]}" + where.removeprefix(
                f"in {country.name}"
            )
        self.claim(
            core, iri,
            ["ekg:PresidentialElection" if kind == "presidential" else "ekg:ParliamentaryElection"],
            title, election_pairs,
            [(s, f"The {adjective}{kind} election {where} took place on {weekday(day)}, "
              f"{month_day(day)}.") for s in self.pick(sources, 3)],
            read=() if snap else ("ekg:isSnapElection",),
            note="not a snap election: the articles do not call it early",
        )  # fmt: skip
        optional: list[Block] = []
        if kind == "presidential":
            winner, winner_label = self.presidential(core, optional, country, iri, slug, title,
                                                     sources, day, force)  # fmt: skip
        else:
            winner, winner_label = self.parliamentary(core, optional, country, iri, slug, title,
                                                      sources, force)  # fmt: skip
        self.turnout(optional, country, iri, slug, sources, force)
        self.counts(optional, country, iri, slug, sources, force)
        self.missions(optional, country, iri, slug, title, sources, day, force)
        self.statements(optional, country, iri, slug, sources, snap, winner, winner_label, force)
        self.events(optional, country, iri, slug, title, sources, relayed, day, winner, force)
        return core, optional, ElectionSummary(iri, kind, winner, 0)


def generate(triples: int, seed: int, out: Path) -> Summary:
    """Write a graph of about ``triples`` facts to ``out/graph``, its seeds to ``out/seeds``.

    ``out`` must be new, empty, or an earlier output of this script (it then is replaced).
    """
    prepare(out)
    generator = Generator(seed)
    summary = Summary(seed=seed, requested=triples)
    graph, seeds = out / "graph", out / "seeds"
    graph.mkdir(parents=True)
    seeds.mkdir(parents=True)

    def write(name: str, block: Block) -> None:
        with open(graph / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(PREFIXES)
            handle.writelines(render(block.parts, seeds))
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
            kept = Block()
            if total + full <= triples:
                kept.extend(core)
                for block in optional:
                    kept.extend(block)
                total += full
            else:
                room = triples - total
                if room < core_size / 2:  # closer to the target without this election
                    done = True
                    break
                kept.extend(core)
                total += core_size
                for block in optional:
                    if total + block.triples <= triples:
                        kept.extend(block)
                        total += block.triples
                done = True
            body.extend(kept)
            summary.elections.append(replace(election, winner_rows=kept.winner_rows))
            written += 1
            if done:
                break
        if written:
            write(f"{country.slug}.ttl", body)
            summary.countries += 1
    summary.seeds = sum(1 for _ in seeds.iterdir())
    summary.quotes = summary.types.get("oa:TextQuoteSelector", 0)
    (out / MANIFEST).write_text(summary.to_json(), encoding="utf-8")
    return summary


def prepare(out: Path) -> None:
    """Copy ontology/, shapes/, queries/; never overwrite a folder this script did not make."""
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise SystemExit(f"{out} exists and is not an earlier output of this script")
    for name in ("graph", "seeds", *COPIED_FOLDERS):
        if (out / name).exists():
            shutil.rmtree(out / name)
    out.mkdir(parents=True, exist_ok=True)
    for name in COPIED_FOLDERS:
        shutil.copytree(REPO_ROOT / name, out / name)
