// One JVM checks every EPUB a test session makes: reads one path a line on stdin, answers with
// the book's messages ("MSG\t...") and then "RESULT\t<fatals>\t<errors>\t<warnings>".
// (Starting a JVM with epubcheck costs seconds; checking a small book once it runs, ~0.1 s.)
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubcheckServer {
  public static void main(String[] args) throws IOException {
    PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    BufferedReader paths = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String path;
    while ((path = paths.readLine()) != null) {
      // epubcheck prints its messages to System.out/err: catch them for this book alone
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      PrintStream capture = new PrintStream(said, true, "UTF-8");
      System.setOut(capture);
      System.setErr(capture);
      int fatals = -1, errors = -1, warnings = -1;
      try {
        DefaultReportImpl report = new DefaultReportImpl(path);
        new EpubCheck(new File(path), report).doValidate();
        fatals = report.getFatalErrorCount();
        errors = report.getErrorCount();
        warnings = report.getWarningCount();
      } catch (Throwable failure) {
        failure.printStackTrace(capture);
      }
      capture.flush();
      for (String line : said.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) answers.println("MSG\t" + line);
      }
      answers.println("RESULT\t" + fatals + "\t" + errors + "\t" + warnings);
    }
  }
}
