package dev.kiln.smb.fscc;

import java.util.Locale;

/**
 * 8.3 alternate names ([MS-FSCC] 2.1.5.2.1), derived from the long name rather than stored: an
 * 8.3-compatible name is its own short name (upper case); any other gets up to five characters of
 * its base, a tilde, two characters of a hash of the whole name and up to three of its extension,
 * the way Samba mangles names. Different long names can share a short name; nothing resolves by
 * short name.
 */
public final class ShortNames {

  private static final String ALLOWED = "!#$%&'()-@^_`{}~";
  private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private ShortNames() {}

  /** The short name of {@code name}. */
  public static String of(String name) {
    if (name.equals(".") || name.equals("..")) {
      return name;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    int dot = upper.lastIndexOf('.');
    String base = dot < 0 ? upper : upper.substring(0, dot);
    String ext = dot < 0 ? "" : upper.substring(dot + 1);
    if (!base.isEmpty()
        && base.length() <= 8
        && ext.length() <= 3
        && (dot < 0 || !ext.isEmpty())
        && valid(base)
        && valid(ext)) {
      return upper;
    }
    String b = clean(base);
    String e = clean(ext);
    int h = Math.floorMod(name.hashCode(), 36 * 36);
    String hash = "" + DIGITS.charAt(h / 36) + DIGITS.charAt(h % 36);
    String shortBase = (b.isEmpty() ? "_" : b.substring(0, Math.min(5, b.length()))) + "~" + hash;
    return e.isEmpty() ? shortBase : shortBase + "." + e.substring(0, Math.min(3, e.length()));
  }

  private static boolean valid(String s) {
    for (char c : s.toCharArray()) {
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ALLOWED.indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static String clean(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ALLOWED.indexOf(c) >= 0) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
