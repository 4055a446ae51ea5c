"""The names ``electionkg.sparql.queries`` had before it was split by concern.

Kept so that the modules other branches are changing at the same time still import; new code
imports from the module that owns the concern: :mod:`~electionkg.sparql.catalogue` (stored
queries), :mod:`~electionkg.sparql.lexer`, :mod:`~electionkg.sparql.parameters`,
:mod:`~electionkg.sparql.run` and :mod:`electionkg.answer`. To be removed once nothing uses it.
"""

from __future__ import annotations

from electionkg.answer import answer_query
from electionkg.sparql.catalogue import (
    QueryParameter,
    QueryText,
    StoredQuery,
    format_query_list,
    list_stored_queries,
    read_header,
    resolve_query,
)
from electionkg.sparql.lexer import (
    UPDATE_KEYWORDS,
    Token,
    declared_prefixes,
    line_and_column,
    query_variables,
    tokenize,
    update_keyword,
)
from electionkg.sparql.parameters import (
    bind_parameters,
    bind_values,
    parse_param,
    parse_param_value,
    values_block,
)
from electionkg.sparql.run import (
    DEFAULT_TIMEOUT_SECONDS,
    RESULT_FORMATS,
    QueryOutput,
    QueryTimeoutError,
    check_query,
    format_results,
    run_query,
)
from electionkg.sparql.syntax_errors import describe_syntax_error

__all__ = [
    "DEFAULT_TIMEOUT_SECONDS",
    "RESULT_FORMATS",
    "UPDATE_KEYWORDS",
    "QueryOutput",
    "QueryParameter",
    "QueryText",
    "QueryTimeoutError",
    "StoredQuery",
    "Token",
    "answer_query",
    "bind_parameters",
    "bind_values",
    "check_query",
    "declared_prefixes",
    "describe_syntax_error",
    "format_query_list",
    "format_results",
    "line_and_column",
    "list_stored_queries",
    "parse_param",
    "parse_param_value",
    "query_variables",
    "read_header",
    "resolve_query",
    "run_query",
    "tokenize",
    "update_keyword",
    "values_block",
]
