"""The library API: a project (its data root, found or given) and what can be done with it.

>>> from electionkg import Project
>>> project = Project.find()                    # doctest: +SKIP
>>> result = project.run_query("seat-distribution")  # doctest: +SKIP

Every method reads the project's own data root (:func:`electionkg.config.use_data_root`), so
two projects can be used side by side. Functions return values (rows, reports, manifests,
bytes of RDF), never print; progress goes to the ``electionkg`` logger. Errors are
:class:`~electionkg.errors.InputError` (bad input), :class:`~electionkg.errors.DataError` (the
data fails a check: nothing is built) and :class:`~electionkg.errors.RemoteError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from electionkg import config
from electionkg.paths import DataFolders
from electionkg.sparql.run import DEFAULT_TIMEOUT_SECONDS, QueryResult

if TYPE_CHECKING:
    from electionkg.build.checks import CheckResult
    from electionkg.shacl.report import ValidationReport


@dataclass(frozen=True)
class Project:
    """A data root (ontology/, graph/, shapes/, queries/, seeds/) and how it was chosen."""

    root: Path
    origin: str = "given"

    @classmethod
    def find(cls, root: Path | str | None = None) -> Project:
        """The project at ``root``; without one, the data root :mod:`electionkg.config` finds."""
        if root is not None:
            return cls(Path(root).expanduser().resolve(), "given")
        found = config.find_data_root()
        return cls(found.path, found.origin)

    @property
    def folders(self) -> DataFolders:
        """The five data folders of the project."""
        return DataFolders.under(self.root)

    def build(self, store: Path | None = None) -> dict[str, Any]:
        """Parse, validate and reason; the manifest of what was built.

        Without ``store``, the cached default dataset that queries use; with it, a persistent
        Oxigraph store in that folder. DataError if the data fails its checks.
        """
        import json

        from electionkg.build import store as cache

        with config.use_data_root(self.root):
            if store is not None:
                return cache.build_persistent_store(self.folders, store)
            target = cache.ensure_built(self.folders)
            manifest: dict[str, Any] = json.loads((target / cache.BUILD_FILE).read_text())
            return {"folder": str(target), **manifest}

    def validate(self, files: Sequence[Path] = ()) -> ValidationReport:
        """The SHACL report of the project graph, or of ``files`` merged with the ontology."""
        from electionkg.build.pipeline import validate_project
        from electionkg.rdf.loading import load_ontology, parse_rdf_file
        from electionkg.shacl.validator import validate_graph

        with config.use_data_root(self.root):
            if not files:
                return validate_project(self.folders)
            data = load_ontology()
            for file in files:
                data += parse_rdf_file(file)
            return validate_graph(data)

    def check(self) -> list[CheckResult]:
        """Every check on the data (syntax, shapes, quotes, seed hashes, queries), in order."""
        from electionkg.build.checks import run_checks

        with config.use_data_root(self.root):
            return run_checks()

    def run_query(
        self,
        query: str,
        params: Mapping[str, str] | None = None,
        *,
        inference: bool = True,
        timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    ) -> QueryResult:
        """Run a stored query (by name) or a query file on the built dataset; its rows.

        ``params`` maps a variable the query declares to a value, read as in
        :mod:`electionkg.sparql.parameters` (``<iri>``, ``prefix:name``, ``"text"@en``, a
        number, ...). The dataset is built first if needed (DataError if it cannot be).
        """
        from electionkg.answer import default_dataset
        from electionkg.sparql.catalogue import resolve_query
        from electionkg.sparql.parameters import bind_parameters
        from electionkg.sparql.run import query_rows

        with config.use_data_root(self.root):
            resolved = resolve_query(query, self.folders.queries)
            bound = bind_parameters(resolved, [f"{k}={v}" for k, v in (params or {}).items()])
            dataset = default_dataset(resolved, bound, inference=inference, folders=self.folders)
            result = query_rows(resolved, dataset, bound, timeout=timeout)
        return result

    def export(
        self, rdf_format: str = "turtle", *, inferred: bool = False, base_url: str | None = None
    ) -> bytes:
        """The dataset (with ``inferred``, its inferences too) as RDF in ``rdf_format``."""
        from electionkg.publish.export import export_graph

        with config.use_data_root(self.root):
            return export_graph(
                rdf_format, inferred=inferred, base_url=base_url, folders=self.folders
            )


def build(project: Project | None = None, store: Path | None = None) -> dict[str, Any]:
    """:meth:`Project.build` on ``project`` (default: the project found from here)."""
    return (project or Project.find()).build(store)


def validate(project: Project | None = None, files: Sequence[Path] = ()) -> ValidationReport:
    """:meth:`Project.validate` on ``project`` (default: the project found from here)."""
    return (project or Project.find()).validate(files)


def check(project: Project | None = None) -> list[CheckResult]:
    """:meth:`Project.check` on ``project`` (default: the project found from here)."""
    return (project or Project.find()).check()


def run_query(
    query: str, params: Mapping[str, str] | None = None, project: Project | None = None
) -> QueryResult:
    """:meth:`Project.run_query` on ``project`` (default: the project found from here)."""
    return (project or Project.find()).run_query(query, params)


def export(
    rdf_format: str = "turtle", *, inferred: bool = False, project: Project | None = None
) -> bytes:
    """:meth:`Project.export` on ``project`` (default: the project found from here)."""
    return (project or Project.find()).export(rdf_format, inferred=inferred)
