package dev.kiln.smb.command;

import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import dev.kiln.smb.protocol.StatusObjectNameInvalid;
import dev.kiln.smb.protocol.StatusObjectNameNotFound;
import dev.kiln.smb.protocol.StatusObjectPathNotFound;
import dev.kiln.smb.share.SnapshotEntry;
import dev.kiln.smb.state.Tree;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns share-relative names into inodes ([MS-SMB2] 3.3.5.9; [MS-FSCC] 2.1.5 naming rules). Lookups
 * are case-sensitive (the engine's names are exact); a {@code @GMT-} token as a path component
 * switches to the snapshot taken at that time ([MS-SMB2] 2.2.13.2.7, read-only).
 */
public final class PathResolver {

  /** The @GMT token format. */
  public static final DateTimeFormatter GMT =
      DateTimeFormatter.ofPattern("'@GMT-'yyyy.MM.dd-HH.mm.ss").withZone(ZoneOffset.UTC);

  private PathResolver() {}

  /** Splits and validates a CREATE name; a leading backslash is STATUS_INVALID_PARAMETER. */
  public static List<String> components(String name) throws SmbStatusException {
    List<String> parts = new ArrayList<>();
    if (name.isEmpty()) {
      return parts;
    }
    if (name.startsWith("\\")) {
      throw new StatusInvalidParameter("name starts with a backslash");
    }
    // Like Samba, a forward slash separates components too.
    String n = name.replace('/', '\\');
    n = n.endsWith("\\") ? n.substring(0, n.length() - 1) : n;
    for (String p : n.split("\\\\", -1)) {
      if (p.isEmpty() || p.equals(".") || p.equals("..")) {
        throw new StatusObjectNameInvalid("bad path component in '" + name + "'");
      }
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c < 0x20 || "<>\"|?*".indexOf(c) >= 0) {
          throw new StatusObjectNameInvalid("'" + name + "' has an invalid character");
        }
      }
      parts.add(p);
    }
    return parts;
  }

  /** The time of a {@code @GMT-YYYY.MM.DD-HH.MM.SS} token, or null if it is not one. */
  public static Instant gmtToken(String component) {
    if (component.length() != 24 || !component.startsWith("@GMT-")) {
      return null;
    }
    try {
      return LocalDateTime.parse(component, GMT).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The snapshot file system taken at {@code when} (to the second); OBJECT_PATH_NOT_FOUND if none.
   */
  public static FileSystem snapshotAt(Smb2Request req, Tree tree, Instant when)
      throws SmbStatusException, IOException {
    for (SnapshotEntry s : req.server().shares().snapshots(tree.share())) {
      if (s.creation().getEpochSecond() == when.getEpochSecond()) {
        return req.server().shares().snapshotFileSystem(tree.share(), s.name());
      }
    }
    throw new StatusObjectPathNotFound("no snapshot at " + when);
  }

  /**
   * Resolves {@code name} in the tree; {@code timewarp} (from a TWrp context) selects a snapshot.
   */
  public static ResolvedPath resolve(Smb2Request req, Tree tree, String name, Instant timewarp)
      throws SmbStatusException, IOException {
    List<String> parts = new ArrayList<>(components(name));
    FileSystem fs = tree.fs();
    boolean snapshot = false;
    boolean fromContext = timewarp != null;
    for (int i = 0; i < parts.size(); i++) {
      Instant t = gmtToken(parts.get(i));
      if (t != null) {
        parts.remove(i);
        timewarp = t;
        fromContext = false;
        break;
      }
    }
    if (timewarp != null) {
      try {
        fs = snapshotAt(req, tree, timewarp);
      } catch (StatusObjectPathNotFound e) {
        if (fromContext) {
          // A TWrp context naming no snapshot fails as the file would (as Windows and Samba do,
          // smbtorture smb2.create.blob); a @GMT token is a path component that does not exist.
          throw new StatusObjectNameNotFound(e.getMessage());
        }
        throw e;
      }
      snapshot = true;
    }
    String stream = "";
    if (!parts.isEmpty()) {
      String last = parts.get(parts.size() - 1);
      int colon = last.indexOf(':');
      if (colon >= 0) {
        stream = streamName(last.substring(colon + 1));
        last = last.substring(0, colon);
        if (last.isEmpty()) {
          throw new StatusObjectNameInvalid("stream without a file");
        }
        parts.set(parts.size() - 1, last);
      }
      for (int i = 0; i < parts.size() - 1; i++) {
        if (parts.get(i).indexOf(':') >= 0) {
          throw new StatusObjectNameInvalid("':' inside a path");
        }
      }
    }
    String path = String.join("\\", parts);
    long dir = fs.rootInode();
    Attributes dirAttrs = fs.getattr(dir);
    if (parts.isEmpty()) {
      return new ResolvedPath(fs, dir, dirAttrs, "", stream, dirAttrs, path, snapshot);
    }
    for (int i = 0; i < parts.size() - 1; i++) {
      try {
        dirAttrs = fs.lookupIgnoringCase(dir, parts.get(i));
      } catch (NoSuchEntryException e) {
        throw new StatusObjectPathNotFound("no directory " + parts.get(i));
      }
      if (!dirAttrs.isDirectory()) {
        throw new StatusObjectPathNotFound(parts.get(i) + " is not a directory");
      }
      dir = dirAttrs.inode();
    }
    String last = parts.get(parts.size() - 1);
    Attributes attrs;
    try {
      attrs = fs.lookupIgnoringCase(dir, last);
    } catch (NoSuchEntryException e) {
      attrs = null;
    }
    return new ResolvedPath(fs, dir, dirAttrs, last, stream, attrs, path, snapshot);
  }

  /**
   * The stream name of "name", "name:$DATA" or ":$DATA"; other stream types are OBJECT_NAME_INVALID
   * ([MS-FSCC] 2.1.5.1).
   */
  static String streamName(String spec) throws SmbStatusException {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    if (colon >= 0 && !spec.substring(colon + 1).equalsIgnoreCase("$DATA")) {
      throw new StatusObjectNameInvalid("stream type " + spec.substring(colon + 1));
    }
    if (name.indexOf(':') >= 0) {
      throw new StatusObjectNameInvalid("stream name with ':'");
    }
    return name;
  }

  /** Not found status for a missing last component. */
  static StatusObjectNameNotFound notFound(String name) {
    return new StatusObjectNameNotFound("no " + name);
  }
}
