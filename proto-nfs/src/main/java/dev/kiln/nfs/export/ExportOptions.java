package dev.kiln.nfs.export;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code sharenfs} value, in the spirit of ZFS's sharenfs and exports(5).
 *
 * <p>{@code on} shares read-write to everyone with root squashed. Otherwise a comma-separated list
 * of: {@code rw}, {@code ro} (access for clients no list names), {@code rw=SPEC[:SPEC...]}, {@code
 * ro=SPEC[:SPEC...]} (once any list is given, clients matched by none are refused), {@code
 * root_squash} (the default), {@code no_root_squash}, {@code all_squash}, {@code anonuid=N}, {@code
 * anongid=N} and {@code sec=sys} (the only flavour). A client in both lists gets read-only. Lists
 * are separated by colons as in ZFS, so they hold IPv4 addresses, networks and host names.
 *
 * @param readOnly default access when no list applies
 * @param rwClients clients granted read-write
 * @param roClients clients granted read-only
 * @param squash whose identity is replaced by the anonymous one
 * @param anonUid the anonymous user id
 * @param anonGid the anonymous group id
 */
public record ExportOptions(
    boolean readOnly,
    List<ClientMatcher> rwClients,
    List<ClientMatcher> roClients,
    Squash squash,
    long anonUid,
    long anonGid) {

  /** The nobody id squashed callers become by default. */
  public static final long NOBODY = 65_534;

  /** Which callers lose their identity. */
  public enum Squash {
    /** Nobody: uid 0 stays root. */
    NONE,
    /** uid 0 becomes the anonymous user (and gid 0 the anonymous group). */
    ROOT,
    /** Everyone becomes the anonymous user. */
    ALL
  }

  /** Freezes the lists. */
  public ExportOptions {
    rwClients = List.copyOf(rwClients);
    roClients = List.copyOf(roClients);
  }

  /** Parses a sharenfs value other than "off"; IllegalArgumentException says what is wrong. */
  public static ExportOptions parse(String sharenfs) {
    String text = sharenfs.trim();
    boolean readOnly = false;
    List<ClientMatcher> rw = new ArrayList<>();
    List<ClientMatcher> ro = new ArrayList<>();
    Squash squash = Squash.ROOT;
    long anonUid = NOBODY;
    long anonGid = NOBODY;
    if (text.equalsIgnoreCase("on")) {
      return new ExportOptions(false, rw, ro, squash, anonUid, anonGid);
    }
    if (text.isEmpty() || text.equalsIgnoreCase("off")) {
      throw new IllegalArgumentException("sharenfs is off");
    }
    for (String option : text.split(",")) {
      String o = option.trim();
      int eq = o.indexOf('=');
      String key = (eq < 0 ? o : o.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : o.substring(eq + 1);
      switch (key) {
        case "rw" -> {
          if (value == null) {
            readOnly = false;
          } else {
            rw.addAll(clients(value));
          }
        }
        case "ro" -> {
          if (value == null) {
            readOnly = true;
          } else {
            ro.addAll(clients(value));
          }
        }
        case "root_squash" -> squash = Squash.ROOT;
        case "no_root_squash" -> squash = Squash.NONE;
        case "all_squash" -> squash = Squash.ALL;
        case "anonuid" -> anonUid = id(key, value);
        case "anongid" -> anonGid = id(key, value);
        case "sec" -> {
          if (value == null || !value.equalsIgnoreCase("sys")) {
            throw new IllegalArgumentException("only sec=sys is supported, not '" + o + "'");
          }
        }
        default -> throw new IllegalArgumentException("unknown sharenfs option '" + o + "'");
      }
    }
    return new ExportOptions(readOnly, rw, ro, squash, anonUid, anonGid);
  }

  private static List<ClientMatcher> clients(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty client list");
    }
    List<ClientMatcher> list = new ArrayList<>();
    for (String spec : value.split(":")) {
      list.add(new ClientMatcher(spec));
    }
    return list;
  }

  private static long id(String key, String value) {
    try {
      long id = Long.parseLong(value == null ? "" : value);
      if (id < 0 || id > 0xffff_ffffL) {
        throw new IllegalArgumentException(key + " out of range: " + value);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " needs a number, not '" + value + "'", e);
    }
  }

  /** What this export grants {@code client}. */
  public ExportAccess accessFor(InetAddress client) {
    if (roClients.stream().anyMatch(m -> m.matches(client))) {
      return ExportAccess.READ_ONLY;
    }
    if (rwClients.stream().anyMatch(m -> m.matches(client))) {
      return ExportAccess.READ_WRITE;
    }
    if (!rwClients.isEmpty() || !roClients.isEmpty()) {
      return ExportAccess.DENIED;
    }
    return readOnly ? ExportAccess.READ_ONLY : ExportAccess.READ_WRITE;
  }

  /** The client list showmount prints for this export. */
  public List<String> clientNames() {
    if (rwClients.isEmpty() && roClients.isEmpty()) {
      return List.of("*");
    }
    List<String> names = new ArrayList<>();
    rwClients.forEach(m -> names.add(m.text()));
    roClients.forEach(m -> names.add(m.text()));
    return names;
  }
}
