package dev.kiln.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kiln.cli.DataDirOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that works through the management API of the local daemon or {@code --host}, with the
 * token from `kiln login`; tables for people, {@code -o json} for scripts.
 */
abstract class ApiCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Mixin DataDirOptions dir;

  @Mixin RemoteOptions remote;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "Output format: table or json (default: ${DEFAULT-VALUE}).")
  String format;

  /** The work, with a logged-in client. */
  abstract int run(ApiClient api, PrintWriter out) throws Exception;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--output must be table or json, not '" + format + "'");
    }
    Endpoint endpoint =
        remote.host() != null
            ? new Endpoint(remote.host(), null)
            : Endpoint.localDaemon(dir.dataDir())
                .orElseThrow(
                    () ->
                        new IOException(
                            "no daemon runs on " + dir.dataDir() + "; start it or use --host"));
    Credentials.Entry entry =
        Credentials.defaults()
            .get(endpoint.host())
            .orElseThrow(
                () ->
                    new IOException("not logged in to " + endpoint.host() + ": run `kiln login`"));
    String pem =
        endpoint.certificatePem() != null ? endpoint.certificatePem() : entry.certificatePem();
    PrintWriter out = spec.commandLine().getOut();
    int code = run(new ApiClient(endpoint.host(), pem, "Bearer " + entry.token()), out);
    out.flush();
    return code;
  }

  /** Prints a JSON document as a table of {@code columns} (arrays) or key/value lines. */
  void print(PrintWriter out, JsonNode doc, String... columns) throws IOException {
    if (format.equals("json") || doc == null) {
      out.println(doc == null ? "" : JSON.writeValueAsString(doc));
      return;
    }
    if (!doc.isArray()) {
      for (var e : doc.properties()) {
        out.printf(
            "%-16s %s%n",
            e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
      }
      return;
    }
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      header[i] = columns[i].toUpperCase(java.util.Locale.ROOT);
    }
    rows.add(header);
    for (JsonNode row : doc) {
      String[] cells = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        JsonNode v = row.path(columns[i]);
        cells[i] =
            v.isMissingNode() || v.isNull() ? "-" : v.isValueNode() ? v.asText() : v.toString();
      }
      rows.add(cells);
    }
    int[] width = new int[columns.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i]);
        if (i < r.length - 1) {
          sb.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(sb);
    }
  }
}
