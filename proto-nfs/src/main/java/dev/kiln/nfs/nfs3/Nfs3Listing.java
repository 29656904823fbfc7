package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.DirectoryPage;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Directory listing for READDIR and READDIRPLUS: "." and ".." are synthesized at cookies 1 and 2
 * (the engine never uses those), then engine pages follow until the reply budget is spent.
 */
final class Nfs3Listing {

  /** Reply bytes that are not entries: status, post_op_attr, verifier, list end, eof. */
  static final int REPLY_OVERHEAD = 128;

  /** Bytes of an entry's fattr3 and handle in READDIRPLUS. */
  static final int PLUS_EXTRA = 4 + 84 + 4 + 4 + 32;

  /** One listed entry. */
  record Item(String name, long fileid, long cookie) {
    int wireSize() {
      int n = name.getBytes(StandardCharsets.UTF_8).length;
      return 4 + 8 + 4 + ((n + 3) & ~3) + 8;
    }
  }

  /** The listing: entries, the cookie verifier to return, and end of directory. */
  record Result(Attributes dir, List<Item> items, long verifier, boolean eof) {}

  private Nfs3Listing() {}

  /**
   * Lists {@code dir} after {@code cookie} while the entries' sizes (plus {@code perEntryExtra})
   * fit {@code budget} bytes.
   */
  static Result list(
      Nfs3Request r, Node dir, long cookie, long verifier, int budget, int perEntryExtra)
      throws IOException {
    Attributes dirAttr = dir.fs().resolve(dir.inode(), dir.handle().generation());
    if (!dirAttr.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.NOTDIR, "not a directory");
    }
    r.require(dirAttr, ModeCheck.READ);
    List<Item> items = new ArrayList<>();
    int used = 0;
    if (cookie == 0) {
      Item dot = new Item(".", dirAttr.inode(), 1);
      items.add(dot);
      used += dot.wireSize() + perEntryExtra;
    }
    if (cookie <= 1) {
      Node parent = r.namespace.lookup(dir, "..");
      Item dotdot = new Item("..", parent.fs().getattr(parent.inode()).inode(), 2);
      items.add(dotdot);
      used += dotdot.wireSize() + perEntryExtra;
    }
    long engineCookie = cookie <= 2 ? 0 : cookie;
    long engineVerifier = engineCookie == 0 ? 0 : verifier;
    long replyVerifier = verifier;
    while (true) {
      int chunk = Math.clamp((budget - used) / 24, 1, 1024);
      DirectoryPage page = dir.fs().readdir(dir.inode(), engineCookie, engineVerifier, chunk);
      replyVerifier = page.verifier();
      for (DirectoryEntry e : page.entries()) {
        Item item = new Item(e.name(), e.inode(), e.cookie());
        int size = item.wireSize() + perEntryExtra;
        if (used + size > budget) {
          if (items.isEmpty()) {
            throw new Nfs3Exception(Nfs3Status.TOOSMALL, "no entry fits the reply");
          }
          return new Result(dirAttr, items, replyVerifier, false);
        }
        items.add(item);
        used += size;
        engineCookie = e.cookie();
      }
      if (page.endOfDirectory()) {
        return new Result(dirAttr, items, replyVerifier, true);
      }
      engineVerifier = page.verifier();
      if (page.entries().isEmpty()) {
        return new Result(dirAttr, items, replyVerifier, false);
      }
    }
  }
}
