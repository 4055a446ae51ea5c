// Dereference one IRI as an independent linked-data client would (rdf-dereference, which
// negotiates with its own q-weighted Accept list), and print the quads as JSON lines:
// [subject, predicate, object], each {termType, value, language, datatype}.
import { rdfDereferencer } from "rdf-dereference";

const url = process.argv[2];
const term = (t) => ({
  termType: t.termType,
  value: t.value,
  language: t.language || undefined,
  datatype: t.datatype ? t.datatype.value : undefined,
});
const { data, url: finalUrl, headers } = await rdfDereferencer.dereference(url);
process.stderr.write(`dereferenced ${url} -> ${finalUrl} (${headers.get ? headers.get("content-type") : ""})\n`);
for await (const quad of data) {
  process.stdout.write(JSON.stringify([term(quad.subject), term(quad.predicate), term(quad.object)]) + "\n");
}
