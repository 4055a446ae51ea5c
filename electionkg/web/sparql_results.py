"""SELECT and ASK results written in the SPARQL results formats, for every kind of term.

JSON and XML follow SPARQL 1.1 Query Results (with the SPARQL 1.2 drafts' ``triple`` term for
RDF 1.2 triple terms and ``its:dir`` for a base direction); CSV writes a term's value (a triple
term in its N-Triples 1.2 form, ``<<( s p o )>>``), TSV every term in its N-Triples form.

XML 1.0 cannot carry some characters at all (U+0000, and the C0 controls other than tab, line
feed and carriage return, even as character references; also U+FFFE, U+FFFF and lone
surrogates). We do not drop or replace them silently, which would change the data: a result
holding one is not written as XML, and the client gets 406 naming the character and the
formats that carry it (JSON, CSV, TSV).
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class NotWritable(ValueError):
    """The results hold something the requested format cannot carry (the message says what)."""


def term_json(term: Any) -> dict[str, Any]:
    """One RDF term as a SPARQL JSON results term."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        value: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction:
                value["its:dir"] = str(direction).lower().rsplit(".", 1)[-1]
        elif term.datatype.value != XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def write_json(variables: list[str], rows: list[list[Any]]) -> bytes:
    bindings = [
        {
            name: term_json(term)
            for name, term in zip(variables, row, strict=True)
            if term is not None
        }
        for row in rows
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _xml_text(text: str) -> str:
    found = NOT_IN_XML.search(text)
    if found:
        raise NotWritable(
            f"a result holds the character U+{ord(found.group()):04X}, which XML 1.0 cannot "
            "carry; ask for application/sparql-results+json, text/csv or "
            "text/tab-separated-values"
        )
    return escape(text)


def _xml_term(term: Any) -> str:
    value = term_json(term)
    kind = value["type"]
    if kind == "uri":
        return f"<uri>{_xml_text(value['value'])}</uri>"
    if kind == "bnode":
        return f"<bnode>{_xml_text(value['value'])}</bnode>"
    if kind == "triple":
        parts = "".join(
            f"<{role}>{_xml_term(getattr(term, role))}</{role}>"
            for role in ("subject", "predicate", "object")
        )
        return f"<triple>{parts}</triple>"
    attributes = ""
    if "xml:lang" in value:
        attributes = f" xml:lang={quoteattr(value['xml:lang'])}"
        if "its:dir" in value:
            attributes += f" its:dir={quoteattr(value['its:dir'])}"
    elif "datatype" in value:
        attributes = f" datatype={quoteattr(value['datatype'])}"
    return f"<literal{attributes}>{_xml_text(value['value'])}</literal>"


def write_xml(variables: list[str], rows: list[list[Any]]) -> bytes:
    out = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#" '
        'xmlns:its="http://www.w3.org/2005/11/its">\n<head>'
    ]
    out += [f"<variable name={quoteattr(name)}/>" for name in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(variables, row, strict=True):
            if term is not None:
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode("utf-8")


def ntriples(term: Any) -> str:
    """A term in N-Triples 1.2 syntax (a triple term as ``<<( s p o )>>``)."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.Triple):
        return (
            f"<<( {ntriples(term.subject)} {ntriples(term.predicate)} {ntriples(term.object)} )>>"
        )
    return str(term)


def _csv_cell(term: Any) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return ntriples(term)
    return str(term.value)


def write_csv(variables: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_cell(term) for term in row])
    return buffer.getvalue().encode("utf-8")


def write_tsv(variables: list[str], rows: list[list[Any]]) -> bytes:
    lines = ["\t".join(f"?{name}" for name in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else ntriples(term) for term in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_html(variables: list[str], rows: list[list[Any]]) -> bytes:
    """SELECT results as a page with a table, for people using the query form."""
    from html import escape as html_escape

    from electionkg.sparql.results import format_term
    from electionkg.web.html_base import layout

    head = "".join(f'<th scope="col">{html_escape(name)}</th>' for name in variables)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_escape(format_term(term))}</td>" for term in row) + "</tr>"
        for row in rows
    )
    count = f"{len(rows)} result{'s' if len(rows) != 1 else ''}"
    page = (
        f'<h1>Query results</h1><p>{count}. <a href="/sparql">Back to the query form</a>.</p>'
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )
    return layout("Query results", page).encode("utf-8")


def write_boolean(value: bool, kind: str) -> bytes:
    if kind == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if kind == "html":
        from electionkg.web.html_base import layout

        answer = "Yes (true)" if value else "No (false)"
        page = f'<h1>Query result</h1><p class="answer">{answer}</p><p><a href="/sparql">Back to the query form</a>.</p>'
        return layout("Query result", page).encode("utf-8")
    if kind in ("csv", "tsv"):
        return b"true\n" if value else b"false\n"
    return json.dumps({"head": {}, "boolean": value}).encode()


WRITERS = {
    "json": write_json,
    "xml": write_xml,
    "csv": write_csv,
    "tsv": write_tsv,
    "html": write_html,
}
