package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;

/**
 * Where a CREATE name leads.
 *
 * @param fs the file system (the live dataset or a snapshot)
 * @param parent the directory holding the last component (the root's own inode for "")
 * @param parentAttrs the attributes of {@code parent}
 * @param name the last component ("" for the share root)
 * @param stream the named stream ("" for the data stream)
 * @param attrs the object's attributes, or null when it does not exist
 * @param path the share-relative path as the client wrote it, without stream
 * @param snapshot whether {@code fs} is a read-only snapshot
 */
public record ResolvedPath(
    FileSystem fs,
    long parent,
    Attributes parentAttrs,
    String name,
    String stream,
    Attributes attrs,
    String path,
    boolean snapshot) {

  /** Whether the object exists. */
  public boolean exists() {
    return attrs != null;
  }
}
