// Validate many data graphs against one shapes graph in a single JVM, as Jena's own
// `shacl validate --shapes S --data D` does for one (Jena 4.5, Debian libapache-jena-java):
// load both graphs with RDFDataMgr, ShaclValidator.get().validate(shapes, data), and write the
// report graph as Turtle. Each report follows a line `#@@ <index>` naming its data file.
// Run in source-file mode: java -cp JENA_CLASSPATH JenaShaclBatch.java SHAPES DATA...
// (used by tests/support/jena.py: one JVM for all SHACL cases instead of one per case).

import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sys.JenaSystem;

public class JenaShaclBatch {
    public static void main(String[] args) {
        JenaSystem.init();
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        for (int index = 1; index < args.length; index++) {
            System.out.println("#@@ " + (index - 1));
            try {
                Graph data = RDFDataMgr.loadGraph(args[index]);
                ValidationReport report = ShaclValidator.get().validate(shapes, data);
                RDFDataMgr.write(System.out, report.getGraph(), Lang.TTL);
            } catch (RuntimeException error) {
                System.out.println("#@@ error " + error);
            }
            System.out.flush();
        }
    }
}
