package dev.kiln.cli.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tables for people, JSON ({@code -o json}) for scripts: the same rows either way. */
final class Output {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Output() {}

  /** Prints rows (each a map of column to value, same keys in the same order). */
  static void rows(PrintWriter out, String format, List<String> columns, List<List<Object>> rows)
      throws Exception {
    if ("json".equals(format)) {
      List<Map<String, Object>> objects = new ArrayList<>();
      for (List<Object> r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          m.put(columns.get(i).toLowerCase(java.util.Locale.ROOT), r.get(i));
        }
        objects.add(m);
      }
      out.println(JSON.writeValueAsString(objects));
    } else {
      int[] width = new int[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        width[i] = columns.get(i).length();
        for (List<Object> r : rows) {
          width[i] = Math.max(width[i], String.valueOf(r.get(i)).length());
        }
      }
      line(out, width, new ArrayList<>(columns));
      for (List<Object> r : rows) {
        line(out, width, r);
      }
    }
    out.flush();
  }

  private static void line(PrintWriter out, int[] width, List<?> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String s = String.valueOf(cells.get(i));
      sb.append(s);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(width[i] - s.length() + 2));
      }
    }
    out.println(sb);
  }
}
