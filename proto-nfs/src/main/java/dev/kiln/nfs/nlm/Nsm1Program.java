package dev.kiln.nfs.nlm;

import dev.kiln.nfs.rpc.ProgramDispatcher;
import dev.kiln.nfs.rpc.XdrReply;
import dev.kiln.nfs.rpc.XdrStrings;
import java.io.IOException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NSM version 1 (program 100024, XNFS chapter 11). SM_NOTIFY from a client that rebooted releases
 * every lock it held; SM_STAT answers the server's state; MON/UNMON are honoured from loopback only
 * (they are a host-local interface); SM_SIMU_CRASH moves the state on.
 */
public final class Nsm1Program extends ProgramDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Nsm1Program.class);
  private static final int STAT_SUCC = 0;
  private static final int STAT_FAIL = 1;
  private static final int MAX_NAME = 1024;

  private final NlmService service;

  Nsm1Program(NlmService service) {
    this.service = service;
  }

  @Override
  protected void dispatch(RpcCall call, XdrDecodingStream args)
      throws IOException, UnknownProcedureException {
    if (call.getProgramVersion() != 1) {
      call.failProgramMismatch(1, 1);
      return;
    }
    boolean local = call.getTransport().getRemoteSocketAddress().getAddress().isLoopbackAddress();
    int state = service.nsm().state();
    switch (call.getProcedure()) {
      case 0 -> XdrReply.send(call, XdrReply.empty());
      case 1 -> {
        XdrStrings.decode(args, MAX_NAME);
        XdrReply.send(
            call,
            xdr -> {
              xdr.xdrEncodeInt(STAT_SUCC);
              xdr.xdrEncodeInt(state);
            });
      }
      case 2 -> {
        String monName = XdrStrings.decode(args, MAX_NAME);
        XdrStrings.decode(args, MAX_NAME);
        args.xdrDecodeInt();
        args.xdrDecodeInt();
        args.xdrDecodeInt();
        args.xdrDecodeOpaque(16);
        if (local) {
          service.nsm().monitor(monName, monName);
        }
        int res = local ? STAT_SUCC : STAT_FAIL;
        XdrReply.send(
            call,
            xdr -> {
              xdr.xdrEncodeInt(res);
              xdr.xdrEncodeInt(state);
            });
      }
      case 3 -> {
        String monName = XdrStrings.decode(args, MAX_NAME);
        XdrStrings.decode(args, MAX_NAME);
        args.xdrDecodeInt();
        args.xdrDecodeInt();
        args.xdrDecodeInt();
        if (local) {
          service.nsm().unmonitor(monName);
        }
        XdrReply.send(call, xdr -> xdr.xdrEncodeInt(state));
      }
      case 4 -> {
        XdrStrings.decode(args, MAX_NAME);
        args.xdrDecodeInt();
        args.xdrDecodeInt();
        args.xdrDecodeInt();
        XdrReply.send(call, xdr -> xdr.xdrEncodeInt(state));
      }
      case 5 -> {
        if (local) {
          service.nsm().simulateCrash();
        }
        XdrReply.send(call, XdrReply.empty());
      }
      case 6 -> {
        String monName = XdrStrings.decode(args, MAX_NAME);
        int newState = args.xdrDecodeInt();
        int released = service.locks().releaseHost(monName);
        service.forgetHost(monName);
        service.released(null);
        LOG.info("{} restarted (state {}): released its {} locks", monName, newState, released);
        XdrReply.send(call, XdrReply.empty());
      }
      default -> throw new UnknownProcedureException(call.getProcedure());
    }
  }
}
