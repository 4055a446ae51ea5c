"""The query page at ``/sparql``: YASGUI when its assets are installed, else the plain form.

YASGUI (``@zazuko/yasgui`` from npm, ``web-assets/package.json``; ``cd web-assets && npm ci``)
is served by this server at ``/assets/yasgui/`` (no CDN at run time) and queries ``/sparql``
with the stored queries as examples (one tab each). Without it the page keeps the plain form,
which says how to install it; its "Results format" choice ``auto`` lets the endpoint pick a
format for each query form (a table for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE).
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from electionkg.web.html_base import layout
from electionkg.web.pages_site import yasgui_installed
from electionkg.web.sparql_endpoint import MAX_QUERY_BYTES

if TYPE_CHECKING:
    from electionkg.web.publication import Publication

DEFAULT_QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label } LIMIT 20"
)


def _stored() -> list[tuple[str, str, str]]:
    from electionkg.sparql.catalogue import list_stored_queries

    return [
        (stored.title, stored.question, stored.path.read_text(encoding="utf-8"))
        for stored in list_stored_queries()
    ]


def query_page(publication: Publication) -> str:
    stored = _stored()
    examples = "".join(
        f"<li><details><summary><strong>{escape(title)}</strong>: {escape(question)}</summary>"
        f'<pre>{escape(text)}</pre><p><a href="{escape("/sparql?" + urlencode({"query": text, "format": "html"}))}">'
        "Run it</a></p></details></li>"
        for title, question, text in stored
    )
    intro = (
        "<h1>SPARQL endpoint</h1><p>SPARQL 1.1 Protocol, read-only. GET or POST a query; "
        "SELECT and ASK results as JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE as Turtle, "
        "JSON-LD, N-Triples or RDF/XML, by <code>Accept</code> (or <code>format=</code>). The "
        "default graph is the union of the ontology, the facts and the inferences "
        "(<code>default-graph-uri</code> and <code>named-graph-uri</code> choose graphs). "
        f"Queries are limited to 10 s and {MAX_QUERY_BYTES // 1024} KB; federated "
        "<code>SERVICE</code> calls are refused.</p>"
    )
    if yasgui_installed():
        tabs = [{"name": title, "query": text} for title, _, text in stored]
        script = (
            "<script>const stored=" + json.dumps(tabs).replace("</", "<\\/") + ";"
            "const yasgui=new Yasgui(document.getElementById('yasgui'),{"
            "requestConfig:{endpoint:'/sparql',method:'POST'},copyEndpointOnNewTab:true,"
            "persistenceId:null,populateFromUrl:true});"
            "const first=yasgui.getTab();"
            "if(stored.length&&first){first.setQuery(stored[0].query);first.setName(stored[0].name);}"
            "for(const s of stored.slice(1)){yasgui.addTab(false,{name:s.name,yasqe:{value:s.query}});}"
            "document.getElementById('yasgui').dataset.ready='yes';</script>"
        )
        body = (
            intro
            + '<link rel="stylesheet" href="/assets/yasgui/yasgui.min.css">'
            + '<div id="yasgui"></div><script src="/assets/yasgui/yasgui.min.js"></script>'
            + script
            + f"<h2>Stored queries</h2><ul>{examples}</ul>"
        )
        return layout("SPARQL", body)
    body = (
        intro + '<p class="note">A richer editor (YASGUI) is served here once installed: '
        "<code>cd web-assets &amp;&amp; npm ci</code>, then restart the server.</p>"
        '<form method="get" action="/sparql"><p><label for="query">Query</label><br>'
        f'<textarea id="query" name="query" rows="12" cols="90" required>{escape(DEFAULT_QUERY)}</textarea></p>'
        '<p><label for="format">Results format</label> <select id="format" name="format">'
        '<option value="html">automatic (a table, or Turtle for CONSTRUCT and DESCRIBE)</option>'
        '<option value="json">JSON</option><option value="xml">XML</option>'
        '<option value="csv">CSV</option><option value="tsv">TSV</option>'
        '<option value="turtle">Turtle</option><option value="jsonld">JSON-LD</option>'
        "</select> "
        '<button type="submit">Run query</button></p></form>'
        f"<h2>Stored queries</h2><ul>{examples}</ul>"
    )
    return layout("SPARQL", body)
