package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.WriteResult;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.nfs.access.ModeCheck;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.rpc.GarbageArgumentsException;
import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * WRITE (RFC 1813 §3.3.7): UNSTABLE, DATA_SYNC and FILE_SYNC map to the engine's stabilities; the
 * reply's verifier is the engine's write verifier, which changes when unstable data may have been
 * lost, so clients resend what they had not committed. Concurrent writes to one file are gathered
 * into one engine call per adjacent run ({@link WriteGathering}).
 */
final class Nfs3Write implements Nfs3Procedure {

  private final WriteGathering gathering = new WriteGathering();

  @Override
  public XdrReply run(Nfs3Request r) throws IOException {
    Node node = r.handle();
    r.wccDir = node;
    long offset = r.args.xdrDecodeLong();
    int count = r.args.xdrDecodeInt();
    int stableHow = r.args.xdrDecodeInt();
    ByteBuffer data = r.args.xdrDecodeByteBuffer();
    if (stableHow < 0 || stableHow > 2) {
      throw new GarbageArgumentsException("bad stable_how " + stableHow);
    }
    if (count < 0 || count > data.remaining()) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "count larger than the data sent");
    }
    data.limit(data.position() + count);
    r.requireWritable(node);
    Attributes before = node.fs().resolve(node.inode(), node.handle().generation());
    if (before.isDirectory()) {
      throw new Nfs3Exception(Nfs3Status.ISDIR, "is a directory");
    }
    if (!before.isFile()) {
      throw new Nfs3Exception(Nfs3Status.INVAL, "not a regular file");
    }
    if (r.caller.uid() != before.uid() && !ModeCheck.allows(r.caller, before, ModeCheck.WRITE)) {
      throw new Nfs3Exception(Nfs3Status.ACCES, "no write permission");
    }
    if (offset < 0 || offset + count < 0) {
      throw new Nfs3Exception(Nfs3Status.FBIG, "offset beyond 2^63");
    }
    WriteStability stability = WriteStability.values()[stableHow];
    WriteResult result = gathering.write(node.fs(), node.inode(), offset, data, stability);
    Attributes after = node.fs().getattr(node.inode());
    long verifier = node.fs().writeVerifier();
    return xdr -> {
      Nfs3Xdr.wcc(xdr, node.fs().guid(), null, after);
      xdr.xdrEncodeInt(result.count());
      xdr.xdrEncodeInt(result.committed().ordinal());
      xdr.xdrEncodeLong(verifier);
    };
  }

  @Override
  public FailShape failShape() {
    return FailShape.WCC;
  }
}
