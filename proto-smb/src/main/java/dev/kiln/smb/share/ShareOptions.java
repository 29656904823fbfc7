package dev.kiln.smb.share;

import java.util.Locale;

/**
 * A parsed {@code sharesmb} value, in the spirit of ZFS's sharesmb.
 *
 * <p>{@code on} shares the dataset read-write to authenticated users under its name with {@code /}
 * replaced by {@code _}. Otherwise a comma-separated list of: {@code name=NAME}, {@code rw}, {@code
 * ro}, {@code guest} (guest and anonymous sessions may connect), {@code encrypt} (only encrypted
 * sessions may connect; needs SMB 3.x), {@code hidden} (not listed; a trailing {@code $} in the
 * name hides it too) and {@code abe} (access-based enumeration: listings show only what the caller
 * may read). Unknown options make the value invalid and the dataset unshared.
 *
 * @param name the share name
 * @param readOnly whether writes are refused
 * @param guest whether guest and anonymous sessions may connect
 * @param encrypt whether the share requires encryption
 * @param hidden whether share listings omit it
 * @param accessBasedEnumeration whether directory listings omit unreadable entries
 */
public record ShareOptions(
    String name,
    boolean readOnly,
    boolean guest,
    boolean encrypt,
    boolean hidden,
    boolean accessBasedEnumeration) {

  /** Longest share name Windows accepts (NetShareAdd, 80 characters). */
  public static final int MAX_NAME = 80;

  /** Validates the name. */
  public ShareOptions {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("share name must have 1 to 80 characters: '" + name + "'");
    }
    for (char c : name.toCharArray()) {
      if (c < 32 || "\\/:*?\"<>|[]+=;,".indexOf(c) >= 0) {
        throw new IllegalArgumentException("share name '" + name + "' has '" + c + "'");
      }
    }
    if (name.equalsIgnoreCase("IPC$")) {
      throw new IllegalArgumentException("IPC$ is reserved");
    }
  }

  /** Parses a sharesmb value other than "off" for dataset {@code dataset}. */
  public static ShareOptions parse(String sharesmb, String dataset) {
    String text = sharesmb.trim();
    String name = dataset.replace('/', '_');
    if (text.equalsIgnoreCase("on")) {
      return new ShareOptions(name, false, false, false, false, false);
    }
    if (text.isEmpty() || text.equalsIgnoreCase("off")) {
      throw new IllegalArgumentException("sharesmb is off");
    }
    boolean readOnly = false;
    boolean guest = false;
    boolean encrypt = false;
    boolean hidden = false;
    boolean abe = false;
    for (String option : text.split(",")) {
      String o = option.trim();
      int eq = o.indexOf('=');
      String key = (eq < 0 ? o : o.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : o.substring(eq + 1).trim();
      if (value != null && !key.equals("name")) {
        throw new IllegalArgumentException("sharesmb option '" + key + "' takes no value");
      }
      switch (key) {
        case "name" -> {
          if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("name= needs a share name");
          }
          name = value;
        }
        case "rw" -> readOnly = false;
        case "ro" -> readOnly = true;
        case "guest" -> guest = true;
        case "encrypt" -> encrypt = true;
        case "hidden" -> hidden = true;
        case "abe" -> abe = true;
        default -> throw new IllegalArgumentException("unknown sharesmb option '" + o + "'");
      }
    }
    return new ShareOptions(name, readOnly, guest, encrypt, hidden || name.endsWith("$"), abe);
  }
}
