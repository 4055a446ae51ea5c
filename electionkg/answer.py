"""Answering a query on the project's data: the cached default store or a persistent store.

The one path from a query's name (or file) to its written result, shared by the command line
and the library API (:mod:`electionkg.project`): resolve the query, bind its parameters, check
it before anything is built, make sure the data is built (the build is the gate), run it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from electionkg.paths import DataFolders
from electionkg.rdf import namespaces
from electionkg.sparql.catalogue import is_stored_name, resolve_query
from electionkg.sparql.lexer import query_form
from electionkg.sparql.parameters import bind_parameters
from electionkg.sparql.run import DEFAULT_TIMEOUT_SECONDS, QueryOutput, check_query, run_query

if TYPE_CHECKING:
    import pyoxigraph

    from electionkg.sparql.catalogue import QueryText
    from electionkg.sparql.parameters import Term


def answer_query(
    spec: str,
    assignments: Sequence[str] = (),
    *,
    result_format: str = "table",
    inference: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    folders: DataFolders | None = None,
    stdin: TextIO | None = None,
    store_dir: Path | None = None,
    live: bool = False,
) -> QueryOutput:
    """Everything ``electionkg query`` does: resolve, bind, check, open the store, run.

    With ``store_dir`` the query runs on that persistent store (``electionkg build --store``)
    instead of the cached default; there the answer of a stored query is kept the first time it
    is asked and served afterwards while its text is unchanged (not with ``live``, parameters
    or without inference: see :mod:`electionkg.build.stored_answers`).
    """
    from electionkg.build import store

    query = resolve_query(spec, stdin=stdin)
    params = bind_parameters(query, assignments)
    if store_dir is not None:
        store.require_persistent_store(store_dir)
        # The answer of a stored SELECT without parameters is kept beside the store the first
        # time it is asked (the store is a snapshot), and served from there afterwards.
        keep = (
            inference
            and not params
            and not live
            and is_stored_name(spec)
            and query_form(query.text) == "SELECT"
        )
        if keep:
            from electionkg.build.stored_answers import kept_output

            kept = kept_output(store_dir, query, result_format)
            if kept is not None:
                return kept
        persistent = store.open_persistent_store(store_dir)
        default_graph = None if inference else list(_asserted_graphs())
        output = run_query(
            query,
            persistent,
            params,
            result_format="json" if keep else result_format,
            timeout=timeout,
            default_graph=default_graph,
        )
        if keep:
            from electionkg.build.stored_answers import keep_answer

            return keep_answer(store_dir, query, output.body, result_format)
        return output
    dataset = default_dataset(query, params, inference=inference, folders=folders)
    return run_query(query, dataset, params, result_format=result_format, timeout=timeout)


def default_dataset(
    query: QueryText,
    params: Mapping[str, Term],
    *,
    inference: bool = True,
    folders: DataFolders | None = None,
) -> pyoxigraph.Store:
    """The built dataset of ``folders`` to run ``query`` on, building it first if needed.

    A broken query is reported before a build of seconds (InputError); the build is logged
    (:func:`electionkg.build.store.build`).
    """
    from electionkg.build import store

    folders = folders or DataFolders.default()
    target = store.build_folder(folders)
    if not store.is_built(target):
        check_query(query, params)
        store.build(folders, target)
    return store.load_store(target, inference=inference)


def _asserted_graphs() -> tuple[pyoxigraph.NamedNode, ...]:
    import pyoxigraph

    return (
        pyoxigraph.NamedNode(namespaces.ONTOLOGY_GRAPH),
        pyoxigraph.NamedNode(namespaces.FACTS_GRAPH),
    )
