// Run many SPARQL SELECT queries over one dataset in a single JVM, as Jena's own command-line
// tools do one at a time (Jena 4.5, Debian libapache-jena-java): `arq.sparql --data F... --query Q`
// reads the files into an in-memory dataset; `tdb2.tdbquery --loc DIR [--set
// tdb:unionDefaultGraph=true] --query Q` queries a TDB2 database. The results of each query are
// written as SPARQL JSON after a line `#@@ <index>`, or `#@@ error <message>` if it failed.
// Run in source-file mode (used by tests/support/jena_queries.py):
//   java -cp JENA_CLASSPATH JenaQueryBatch.java (--data FILE... | --loc DIR [--union]) --query Q...

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sys.JenaSystem;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;

public class JenaQueryBatch {
    public static void main(String[] args) throws Exception {
        JenaSystem.init();
        List<String> data = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        String location = null;
        boolean union = false;
        List<String> current = data;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data": current = data; break;
                case "--query": current = queries; break;
                case "--union": union = true; break;
                case "--loc": location = args[++i]; break;
                default: current.add(args[i]);
            }
        }
        Dataset dataset = location != null ? TDB2Factory.connectDataset(location) : DatasetFactory.create();
        for (String file : data) {
            RDFDataMgr.read(dataset, file);
        }
        final boolean unionDefault = union;
        for (int index = 0; index < queries.size(); index++) {
            System.out.println("#@@ " + index);
            String text = Files.readString(Path.of(queries.get(index)), StandardCharsets.UTF_8);
            try {
                Txn.executeRead(dataset, () -> {
                    try (QueryExecution execution = QueryExecutionFactory.create(QueryFactory.create(text), dataset)) {
                        if (unionDefault) {
                            execution.getContext().set(TDB2.symUnionDefaultGraph, true);
                        }
                        ResultSetFormatter.outputAsJSON(System.out, execution.execSelect());
                    }
                });
            } catch (RuntimeException error) {
                System.out.println("#@@ error " + String.valueOf(error).replace('\n', ' '));
            }
            System.out.flush();
        }
    }
}
