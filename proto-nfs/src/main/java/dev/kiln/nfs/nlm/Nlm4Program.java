package dev.kiln.nfs.nlm;

import dev.kiln.nfs.export.NfsNamespace;
import dev.kiln.nfs.export.Node;
import dev.kiln.nfs.handle.FileHandle;
import dev.kiln.nfs.rpc.ProgramDispatcher;
import dev.kiln.nfs.rpc.XdrReply;
import dev.kiln.nfs.rpc.XdrStrings;
import java.io.IOException;
import java.util.Optional;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NLM version 4 (program 100021; the Open Group XNFS, chapter 10, with the 64-bit offsets of
 * version 4): TEST, LOCK, CANCEL, UNLOCK, SHARE, UNSHARE, NM_LOCK and FREE_ALL.
 *
 * <p>A conflicting blocking LOCK answers BLOCKED and is queued; when the range frees, the lock is
 * granted and the client called back with NLM4_GRANTED (CANCEL drops a queued request). The
 * asynchronous {@code *_MSG}/{@code *_RES} procedures answer PROC_UNAVAIL: Linux and libnfs clients
 * use the synchronous ones.
 */
public final class Nlm4Program extends ProgramDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Nlm4Program.class);
  private static final int MAX_NAME = 1024;
  private static final int MAX_NETOBJ = 1024;

  private final NfsNamespace namespace;
  private final NlmService service;
  private final ShareTable shares = new ShareTable();

  Nlm4Program(NfsNamespace namespace, NlmService service) {
    this.namespace = namespace;
    this.service = service;
  }

  private record LockArgs(
      String callerName,
      byte[] fh,
      LockOwner owner,
      long start,
      long end,
      long offset,
      long length) {}

  private static LockArgs decodeLock(XdrDecodingStream x) throws IOException {
    String caller = XdrStrings.decode(x, MAX_NAME);
    byte[] fh = XdrStrings.opaque(x, MAX_NETOBJ);
    byte[] oh = XdrStrings.opaque(x, MAX_NETOBJ);
    int svid = x.xdrDecodeInt();
    long offset = x.xdrDecodeLong();
    long length = x.xdrDecodeLong();
    LockOwner owner = new LockOwner(caller, svid, oh);
    return new LockArgs(
        caller, fh, owner, offset, ByteRangeLock.end(offset, length), offset, length);
  }

  @Override
  protected void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException {
    if (call.getProgramVersion() != 4) {
      call.failProgramMismatch(4, 4);
      return;
    }
    switch (call.getProcedure()) {
      case 0 -> XdrReply.send(call, XdrReply.empty());
      case 1 -> test(call, args);
      case 2 -> lock(call, args, true);
      case 3 -> cancel(call, args);
      case 4 -> unlock(call, args);
      case 20 -> share(call, args, true);
      case 21 -> share(call, args, false);
      case 22 -> lock(call, args, false);
      case 23 -> {
        String name = XdrStrings.decode(args, MAX_NAME);
        args.xdrDecodeInt();
        int released = service.locks().releaseHost(name);
        shares.releaseHost(name);
        service.forgetHost(name);
        service.released(null);
        LOG.info("FREE_ALL for {}: {} locks released", name, released);
        XdrReply.send(call, XdrReply.empty());
      }
      default -> throw new UnknownProcedureException(call.getProcedure());
    }
  }

  private Optional<LockTable.FileKey> file(byte[] fh) {
    try {
      Node node = namespace.resolve(FileHandle.parse(fh));
      node.fs().getattr(node.inode());
      return Optional.of(new LockTable.FileKey(node.fs().guid(), node.inode()));
    } catch (FileHandle.BadHandle | IOException e) {
      return Optional.empty();
    }
  }

  private void test(RpcCall call, XdrDecodingStream args) throws IOException {
    byte[] cookie = XdrStrings.opaque(args, MAX_NETOBJ);
    boolean exclusive = args.xdrDecodeBoolean();
    LockArgs lock = decodeLock(args);
    Optional<LockTable.FileKey> file = file(lock.fh());
    NlmStatus status;
    Optional<ByteRangeLock> holder = Optional.empty();
    if (service.inGracePeriod()) {
      status = NlmStatus.DENIED_GRACE_PERIOD;
    } else if (file.isEmpty()) {
      status = NlmStatus.STALE_FH;
    } else {
      holder =
          service.locks().conflict(file.get(), lock.owner(), lock.start(), lock.end(), exclusive);
      status = holder.isPresent() ? NlmStatus.DENIED : NlmStatus.GRANTED;
    }
    Optional<ByteRangeLock> h = holder;
    XdrReply.send(
        call,
        xdr -> {
          xdr.xdrEncodeDynamicOpaque(cookie);
          xdr.xdrEncodeInt(status.ordinal());
          if (status == NlmStatus.DENIED) {
            ByteRangeLock l = h.get();
            xdr.xdrEncodeBoolean(l.exclusive());
            xdr.xdrEncodeInt(l.owner().svid());
            xdr.xdrEncodeDynamicOpaque(l.owner().handle());
            xdr.xdrEncodeLong(l.start());
            xdr.xdrEncodeLong(l.end() == Long.MAX_VALUE ? 0 : l.end() - l.start());
          }
        });
  }

  private void lock(RpcCall call, XdrDecodingStream args, boolean monitored) throws IOException {
    byte[] cookie = XdrStrings.opaque(args, MAX_NETOBJ);
    boolean block = args.xdrDecodeBoolean();
    boolean exclusive = args.xdrDecodeBoolean();
    LockArgs lock = decodeLock(args);
    boolean reclaim = args.xdrDecodeBoolean();
    args.xdrDecodeInt(); // the client's NSM state
    Optional<LockTable.FileKey> file = file(lock.fh());
    NlmStatus status;
    if (service.inGracePeriod() && !reclaim) {
      status = NlmStatus.DENIED_GRACE_PERIOD;
    } else if (file.isEmpty()) {
      status = NlmStatus.STALE_FH;
    } else if (lock.offset() < 0) {
      status = NlmStatus.FBIG;
    } else {
      Optional<ByteRangeLock> c =
          service.locks().lock(file.get(), lock.owner(), lock.start(), lock.end(), exclusive);
      if (c.isEmpty()) {
        status = NlmStatus.GRANTED;
        if (monitored) {
          String address =
              call.getTransport().getRemoteSocketAddress().getAddress().getHostAddress();
          service.nsm().monitor(lock.callerName(), address);
        }
      } else if (block) {
        status = NlmStatus.BLOCKED;
        service.block(
            new BlockedLock(
                file.get(),
                lock.owner(),
                lock.start(),
                lock.end(),
                exclusive,
                cookie,
                lock.fh(),
                lock.owner().svid(),
                lock.offset(),
                lock.length(),
                call.getTransport().getRemoteSocketAddress().getAddress().getHostAddress()));
      } else {
        status = NlmStatus.DENIED;
      }
    }
    reply(call, cookie, status);
  }

  private void cancel(RpcCall call, XdrDecodingStream args) throws IOException {
    byte[] cookie = XdrStrings.opaque(args, MAX_NETOBJ);
    args.xdrDecodeBoolean();
    args.xdrDecodeBoolean();
    LockArgs lock = decodeLock(args);
    Optional<LockTable.FileKey> file = file(lock.fh());
    boolean cancelled =
        file.isPresent() && service.cancel(file.get(), lock.owner(), lock.start(), lock.end());
    reply(call, cookie, cancelled ? NlmStatus.GRANTED : NlmStatus.DENIED);
  }

  private void unlock(RpcCall call, XdrDecodingStream args) throws IOException {
    byte[] cookie = XdrStrings.opaque(args, MAX_NETOBJ);
    LockArgs lock = decodeLock(args);
    Optional<LockTable.FileKey> file = file(lock.fh());
    if (file.isEmpty()) {
      reply(call, cookie, NlmStatus.STALE_FH);
      return;
    }
    service.locks().unlock(file.get(), lock.owner(), lock.start(), lock.end());
    reply(call, cookie, NlmStatus.GRANTED);
    service.released(file.get());
  }

  private void share(RpcCall call, XdrDecodingStream args, boolean take) throws IOException {
    byte[] cookie = XdrStrings.opaque(args, MAX_NETOBJ);
    String caller = XdrStrings.decode(args, MAX_NAME);
    byte[] fh = XdrStrings.opaque(args, MAX_NETOBJ);
    byte[] oh = XdrStrings.opaque(args, MAX_NETOBJ);
    int mode = args.xdrDecodeInt();
    int access = args.xdrDecodeInt();
    boolean reclaim = args.xdrDecodeBoolean();
    Optional<LockTable.FileKey> file = file(fh);
    NlmStatus status;
    if (file.isEmpty()) {
      status = NlmStatus.STALE_FH;
    } else if (!take) {
      shares.release(file.get(), new LockOwner(caller, 0, oh));
      status = NlmStatus.GRANTED;
    } else if (service.inGracePeriod() && !reclaim) {
      status = NlmStatus.DENIED_GRACE_PERIOD;
    } else {
      boolean ok = shares.share(file.get(), new LockOwner(caller, 0, oh), mode & 3, access & 3);
      status = ok ? NlmStatus.GRANTED : NlmStatus.DENIED;
    }
    XdrReply.send(
        call,
        xdr -> {
          xdr.xdrEncodeDynamicOpaque(cookie);
          xdr.xdrEncodeInt(status.ordinal());
          xdr.xdrEncodeInt(0); // sequence
        });
  }

  private static void reply(RpcCall call, byte[] cookie, NlmStatus status) {
    XdrReply.send(
        call,
        (XdrEncodingStream xdr) -> {
          xdr.xdrEncodeDynamicOpaque(cookie);
          xdr.xdrEncodeInt(status.ordinal());
        });
  }
}
