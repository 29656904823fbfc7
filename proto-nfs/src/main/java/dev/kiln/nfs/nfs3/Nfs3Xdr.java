package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.nfs.handle.FileHandle;
import dev.kiln.nfs.rpc.GarbageArgumentsException;
import java.io.IOException;
import java.time.Instant;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/** The shared XDR structures of RFC 1813 §2.5–2.6 (fattr3, wcc_data, sattr3, ...). */
public final class Nfs3Xdr {

  private Nfs3Xdr() {}

  /** ftype3 of an engine file type. */
  static int type(FileType t) {
    return switch (t) {
      case FILE -> 1;
      case DIRECTORY -> 2;
      case BLOCK_DEVICE -> 3;
      case CHAR_DEVICE -> 4;
      case SYMLINK -> 5;
      case SOCKET -> 6;
      case FIFO -> 7;
    };
  }

  /** fattr3 (§2.5): fsid is the file system guid, fileid the inode. */
  static void fattr3(XdrEncodingStream x, long fsid, Attributes a) {
    x.xdrEncodeInt(type(a.type()));
    x.xdrEncodeInt(a.mode());
    x.xdrEncodeInt(a.nlink());
    x.xdrEncodeInt((int) a.uid());
    x.xdrEncodeInt((int) a.gid());
    x.xdrEncodeLong(a.size());
    x.xdrEncodeLong(a.allocatedSize());
    x.xdrEncodeInt((int) (a.rdev() >>> 32));
    x.xdrEncodeInt((int) a.rdev());
    x.xdrEncodeLong(fsid);
    x.xdrEncodeLong(a.inode());
    time(x, a.atime());
    time(x, a.mtime());
    time(x, a.ctime());
  }

  /** post_op_attr: absent when {@code a} is null. */
  static void postOpAttr(XdrEncodingStream x, long fsid, Attributes a) {
    x.xdrEncodeBoolean(a != null);
    if (a != null) {
      fattr3(x, fsid, a);
    }
  }

  /** wcc_data: pre-op size and times, then post-op attributes; either may be null. */
  static void wcc(XdrEncodingStream x, long fsid, Attributes before, Attributes after) {
    x.xdrEncodeBoolean(before != null);
    if (before != null) {
      x.xdrEncodeLong(before.size());
      time(x, before.mtime());
      time(x, before.ctime());
    }
    postOpAttr(x, fsid, after);
  }

  /** post_op_fh3. */
  static void postOpHandle(XdrEncodingStream x, FileHandle h) {
    x.xdrEncodeBoolean(h != null);
    if (h != null) {
      x.xdrEncodeDynamicOpaque(h.toBytes());
    }
  }

  /** nfstime3: unsigned seconds and nanoseconds. */
  static void time(XdrEncodingStream x, Instant t) {
    x.xdrEncodeInt((int) t.getEpochSecond());
    x.xdrEncodeInt(t.getNano());
  }

  /** Decodes nfstime3. */
  static Instant decodeTime(XdrDecodingStream x) throws IOException {
    long seconds = Integer.toUnsignedLong(x.xdrDecodeInt());
    long nanos = Integer.toUnsignedLong(x.xdrDecodeInt());
    if (nanos >= 1_000_000_000L) {
      throw new GarbageArgumentsException("nseconds out of range");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** Decodes sattr3 (§2.6) into the engine's change set. */
  static SetAttributes sattr3(XdrDecodingStream x) throws IOException {
    SetAttributes s = SetAttributes.none();
    if (x.xdrDecodeBoolean()) {
      int mode = x.xdrDecodeInt();
      s = s.withMode(mode & 07777);
    }
    Long uid = x.xdrDecodeBoolean() ? Integer.toUnsignedLong(x.xdrDecodeInt()) : null;
    Long gid = x.xdrDecodeBoolean() ? Integer.toUnsignedLong(x.xdrDecodeInt()) : null;
    if (uid != null || gid != null) {
      s = new SetAttributes(s.mode(), uid, gid, null, null, null, null, null, null, null);
    }
    if (x.xdrDecodeBoolean()) {
      long size = x.xdrDecodeLong();
      if (size < 0) {
        throw new Nfs3Exception(Nfs3Status.FBIG, "size beyond 2^63");
      }
      s = s.withSize(size);
    }
    TimeSet atime = timeHow(x);
    if (atime != null) {
      s = s.withAtime(atime);
    }
    TimeSet mtime = timeHow(x);
    if (mtime != null) {
      s = s.withMtime(mtime);
    }
    return s;
  }

  private static TimeSet timeHow(XdrDecodingStream x) throws IOException {
    int how = x.xdrDecodeInt();
    return switch (how) {
      case 0 -> null;
      case 1 -> TimeSet.serverTime();
      case 2 -> TimeSet.at(decodeTime(x));
      default -> throw new GarbageArgumentsException("bad time_how " + how);
    };
  }
}
