package dev.kiln.smb.fscc;

import java.util.Locale;

/**
 * Search patterns of QUERY_DIRECTORY ([MS-FSA] 2.1.4.4): {@code *} and {@code ?}, plus the DOS
 * forms {@code <} (like *), {@code >} (like ?) and {@code "} (a dot); case-insensitive.
 */
public final class Wildcard {

  private final String pattern;

  /** A matcher for {@code pattern}. */
  public Wildcard(String pattern) {
    this.pattern = pattern.toUpperCase(Locale.ROOT);
  }

  /** Whether the pattern has wildcard characters. */
  public static boolean hasWildcards(String p) {
    for (char c : p.toCharArray()) {
      if (c == '*' || c == '?' || c == '<' || c == '>' || c == '"') {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} matches. */
  public boolean matches(String name) {
    if (pattern.equals("*") || pattern.equals("*.*") || pattern.equals("<")) {
      return true;
    }
    return match(pattern, 0, name.toUpperCase(Locale.ROOT), 0);
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*' || c == '<') {
        for (int k = si; k <= s.length(); k++) {
          if (match(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length()) {
        // '>' and '"' also match the end of the name.
        if (c == '>' || c == '"') {
          pi++;
          continue;
        }
        return false;
      }
      char d = s.charAt(si);
      if (c == '?' || c == '>' || (c == '"' && d == '.') || c == d) {
        pi++;
        si++;
        continue;
      }
      return false;
    }
    return si == s.length();
  }
}
