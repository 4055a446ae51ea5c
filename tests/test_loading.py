"""Reading RDF files: good files parse, every kind of bad file is one clear InputError."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from electionkg import paths
from electionkg.errors import InputError
from electionkg.rdf import loading

EX = "http://example.org/"
GOOD_TURTLE = f'@prefix ex: <{EX}> .\nex:a ex:b ex:c .\nex:a ex:label "Şuşa" .\n'


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        loading.parse_rdf_file(path)
    return str(caught.value)


def test_good_turtle_parses(tmp_path: Path) -> None:
    graph = loading.parse_rdf_file(write(tmp_path, "good.ttl", GOOD_TURTLE))
    assert (URIRef(EX + "a"), URIRef(EX + "label"), Literal("Şuşa")) in graph
    assert len(graph) == 2


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    graph = loading.parse_rdf_file(
        write(tmp_path, "bom.ttl", b"\xef\xbb\xbf" + GOOD_TURTLE.encode())
    )
    assert len(graph) == 2


def test_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    crlf = GOOD_TURTLE.replace("\n", "\r\n")
    graph = loading.parse_rdf_file(write(tmp_path, "crlf.ttl", crlf))
    assert (URIRef(EX + "a"), URIRef(EX + "label"), Literal("Şuşa")) in graph


def test_bom_and_crlf_together_with_a_multi_line_literal(tmp_path: Path) -> None:
    text = f'@prefix ex: <{EX}> .\r\nex:a ex:b """one\r\ntwo""" .\r\n'
    graph = loading.parse_rdf_file(write(tmp_path, "both.ttl", b"\xef\xbb\xbf" + text.encode()))
    assert len(graph) == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data.nt", f"<{EX}a> <{EX}b> <{EX}c> .\n"),
        ("data.nq", f"<{EX}a> <{EX}b> <{EX}c> <{EX}g> .\n"),
        ("data.trig", f"@prefix ex: <{EX}> .\nex:g {{ ex:a ex:b ex:c . }}\n"),
        ("data.jsonld", f'{{"@id": "{EX}a", "{EX}b": {{"@id": "{EX}c"}}}}'),
        (
            "data.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            f' xmlns:ex="{EX}">\n<rdf:Description rdf:about="{EX}a">'
            f'<ex:b rdf:resource="{EX}c"/></rdf:Description>\n</rdf:RDF>\n',
        ),
    ],
)
def test_the_format_follows_the_suffix_and_quads_are_merged(
    tmp_path: Path, name: str, content: str
) -> None:
    graph = loading.parse_rdf_file(write(tmp_path, name, content))
    assert set(graph) == {(URIRef(EX + "a"), URIRef(EX + "b"), URIRef(EX + "c"))}


def test_malformed_turtle_names_file_line_column_and_what_was_expected(tmp_path: Path) -> None:
    text = f"@prefix ex: <{EX}> .\nex:a ex:b ex:c .\nex:a ex:b ex:d\nex:x ex:y ex:z .\n"
    path = write(tmp_path, "bad.ttl", text)
    assert error_of(path) == (
        f"{path}: line 4, column 1: not valid Turtle: "
        "expected '.' or '}' or ']' at end of statement, near \"ex:x ex:y ex:z .\""
    )


def test_the_column_counts_characters_after_non_ascii_text(tmp_path: Path) -> None:
    # "ex:e" starts at character 30 of line 2 (byte 33: ş, ş and ə take two bytes each)
    text = f'@prefix ex: <{EX}> .\nex:şuşa ex:b "ə" ; ex:c ex:d ex:e .\n'
    message = error_of(write(tmp_path, "az.ttl", text))
    assert message.endswith(
        ": line 2, column 30: not valid Turtle: "
        "expected '.' or '}' or ']' at end of statement, near \"ex:e .\""
    )


def test_crlf_does_not_shift_the_reported_line(tmp_path: Path) -> None:
    text = f"@prefix ex: <{EX}> .\r\nex:a ex:b ex:c .\r\nex:a ex:b ex:d\r\nex:x .\r\n"
    assert ": line 4, column 1: not valid Turtle: " in error_of(write(tmp_path, "crlf.ttl", text))


def test_an_unbound_prefix_is_named(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "prefix.ttl", "ex:a ex:b ex:c .\n"))
    assert message.endswith(
        ': line 1, column 1: not valid Turtle: Prefix "ex:" not bound, near "ex:a ex:b ex:c ."'
    )


def test_a_statement_left_open_at_the_end_of_the_file(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "open.ttl", f"@prefix ex: <{EX}> .\nex:a ex:b ex:c\n"))
    assert message.endswith(
        ": line 2, column 15: not valid Turtle: EOF found after object, at the end of the file"
    )


def test_a_missing_final_dot_without_newline(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "nodot.ttl", f"@prefix ex: <{EX}> .\nex:a ex:b ex:c"))
    assert message.endswith(
        ": line 2: not valid Turtle: the file ends in the middle of a statement "
        "(a missing '.' or closing bracket?)"
    )


def test_an_iri_with_a_space_is_refused(tmp_path: Path) -> None:
    text = f"@prefix ex: <{EX}> .\nex:a ex:b <{EX}not an iri> .\n"
    message = error_of(write(tmp_path, "iri.ttl", text))
    assert message.startswith(
        f"{tmp_path / 'iri.ttl'}: line 2: not valid Turtle: the IRI <{EX}not an iri>"
    )


def test_an_ill_typed_literal_parses_quietly(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # valid RDF; the SHACL shapes and `electionkg check` report it, rdflib's traceback must not
    text = f'@prefix ex: <{EX}> .\nex:a ex:b "abc"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    graph = loading.parse_rdf_file(write(tmp_path, "typed.ttl", text))
    assert len(graph) == 1
    assert "Traceback" not in capfd.readouterr().err


def test_plain_text_is_not_rdf(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.txt", "Dear diary,\nthe election was on Wednesday.\n")
    assert error_of(path) == (
        f"{path}: line 1, column 1: not valid Turtle: expected directive or statement, "
        'near "Dear diary," (read as Turtle, the format assumed for names not ending in '
        ".nt, .nq, .trig, .jsonld, .rdf or .xml)"
    )


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.ttl", "")
    assert error_of(path) == f"{path}: the file is empty (0 bytes)"


def test_a_file_of_white_space_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.ttl", " \r\n\n\t\n")
    assert error_of(path) == f"{path}: the file is empty (only white space)"


def test_a_file_with_only_prefixes_contains_no_triples(tmp_path: Path) -> None:
    path = write(tmp_path, "prefixes.ttl", f"@prefix ex: <{EX}> .\n# nothing yet\n")
    assert error_of(path) == f"{path}: contains no triples"
    assert len(loading.parse_rdf_file(path, allow_empty=True)) == 0


def test_a_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.ttl"
    assert error_of(path) == f"{path}: no such file"


def test_a_directory(tmp_path: Path) -> None:
    assert error_of(tmp_path) == f"{tmp_path}: is a directory, not an RDF file"


def test_binary_junk(tmp_path: Path) -> None:
    path = write(tmp_path, "junk.ttl", bytes(range(256)) * 4)
    assert error_of(path) == f"{path}: a binary file, not RDF text (it contains NUL bytes)"


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(
        tmp_path, "latin1.ttl", f'@prefix ex: <{EX}> .\nex:a ex:b "caf\xe9" .\n'.encode("latin-1")
    )
    assert error_of(path) == (
        f"{path}: line 2, column 15: not UTF-8 text (byte 0xe9); RDF files must be encoded in UTF-8"
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.nt",
            f"<{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> c .\n",
            ": line 2: not valid N-Triples: ",
        ),
        ("bad.jsonld", '{"@id": "x",\n "y": }', ": line 2, column 7: not valid JSON-LD: "),
        (
            "bad.rdf",
            '<?xml version="1.0"?>\n<a>\n</b>\n',
            ": line 3, column 3: not valid RDF/XML: mismatched tag",
        ),
    ],
)
def test_syntax_errors_in_other_formats_name_the_line(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    assert expected in error_of(write(tmp_path, name, content))


def test_a_50_mb_file_is_refused_at_once(tmp_path: Path) -> None:
    line = f'<{EX}subject> <{EX}predicate> "a literal of some length, repeated" .\n'.encode()
    path = tmp_path / "big.nt"
    with path.open("wb") as stream:
        stream.write(line * (50_000_000 // len(line) + 1))
    started = time.monotonic()
    message = error_of(path)
    assert time.monotonic() - started < 1
    assert message == (
        f"{path}: 47.7 MB, more than the 10 MB limit for one file (electionkg parses and "
        "validates in memory; a file this size would take minutes)"
    )


def test_a_file_just_under_the_limit_still_parses(tmp_path: Path) -> None:
    line = f'<{EX}subject> <{EX}predicate> "a literal of some length, repeated" .\n'.encode()
    path = tmp_path / "medium.nt"
    path.write_bytes(line * (1_000_000 // len(line)))
    graph = loading.parse_rdf_file(path, max_bytes=1_000_000)
    assert len(graph) == 1  # the same triple, many times


def test_a_folder_merges_its_turtle_files(tmp_path: Path) -> None:
    write(tmp_path, "a.ttl", GOOD_TURTLE)
    write(tmp_path, "b.ttl", f"@prefix ex: <{EX}> .\nex:x ex:y ex:z .\n")
    assert len(loading.load_turtle_folder(tmp_path)) == 3


def test_a_folder_with_another_file_type_is_refused(tmp_path: Path) -> None:
    """Issue 11: a graph file renamed to .txt was silently not read."""
    write(tmp_path, "a.ttl", GOOD_TURTLE)
    write(tmp_path, "renamed.txt", "not read silently")
    write(tmp_path, ".hidden-swap", "ignored: hidden")
    with pytest.raises(InputError, match=r"renamed\.txt: not a Turtle \(\.ttl\) file"):
        loading.load_turtle_folder(tmp_path)


def test_a_folder_without_turtle_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"contains no Turtle \(\.ttl\) files$"):
        loading.load_turtle_folder(tmp_path)


def test_a_missing_data_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    with pytest.raises(InputError) as caught:
        loading.load_ontology()
    assert str(caught.value) == "ontology/: no such folder"


def test_project_files_are_named_relative_to_the_data_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    (tmp_path / "graph").mkdir()
    write(tmp_path / "graph", "claims.ttl", f"@prefix ex: <{EX}> .\nex:a ex:b .\n")
    with pytest.raises(InputError) as caught:
        loading.load_facts()
    assert str(caught.value).startswith("graph/claims.ttl: line 2, column ")
