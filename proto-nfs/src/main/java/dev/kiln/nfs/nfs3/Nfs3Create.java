package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.GarbageArgumentsException;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.time.Instant;

/**
 * CREATE (RFC 1813 §3.3.8) in its three modes. UNCHECKED opens an existing file (truncating it when
 * asked for size 0); GUARDED fails with EXIST; EXCLUSIVE keeps the client's verifier in the atime
 * and mtime seconds, as other servers do, so a retransmitted create succeeds and a different one
 * fails; the client then sets the real times with SETATTR.
 */
final class Nfs3Create implements Nfs3Procedure {

  private static final int UNCHECKED = 0;
  private static final int GUARDED = 1;
  private static final int EXCLUSIVE = 2;

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node dir = r.handle();
    r.wccDir = dir;
    String name = r.name();
    int mode = r.args.xdrDecodeInt();
    SetAttributes requested;
    long verifier = 0;
    switch (mode) {
      case UNCHECKED, GUARDED -> requested = Nfs3Xdr.sattr3(r.args);
      case EXCLUSIVE -> {
        verifier = r.args.xdrDecodeLong();
        requested = SetAttributes.none().withMode(0644);
      }
      default -> throw new GarbageArgumentsException("bad createmode3 " + mode);
    }
    Attributes before = Nfs3Creation.checkDirectory(r, dir);
    SetAttributes initial = Nfs3Creation.initial(r, before, requested);
    if (mode == EXCLUSIVE) {
      initial =
          initial
              .withAtime(TimeSet.at(Instant.ofEpochSecond(verifier >>> 32)))
              .withMtime(TimeSet.at(Instant.ofEpochSecond(verifier & 0xffff_ffffL)));
    }
    Attributes created;
    try {
      created = dir.fs().create(dir.inode(), name, initial);
    } catch (AlreadyExistsException e) {
      Attributes existing = dir.fs().lookup(dir.inode(), name);
      created = reopen(r, dir, mode, verifier, requested, existing, e);
    }
    return Nfs3Creation.reply(dir, before, created);
  }

  private static Attributes reopen(
      Nfs3Request r,
      Node dir,
      int mode,
      long verifier,
      SetAttributes requested,
      Attributes existing,
      AlreadyExistsException e)
      throws IOException {
    if (mode == GUARDED) {
      throw e;
    }
    if (mode == EXCLUSIVE) {
      long stored = existing.atime().getEpochSecond() << 32 | existing.mtime().getEpochSecond();
      if (!existing.isFile() || stored != verifier) {
        throw e;
      }
      return existing;
    }
    if (!existing.isFile()) {
      throw e;
    }
    if (requested.size() != null && requested.size() == 0 && existing.size() != 0) {
      r.require(existing, dev.kiln.nfs.access.ModeCheck.WRITE);
      return dir.fs().truncate(existing.inode(), 0);
    }
    return existing;
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
