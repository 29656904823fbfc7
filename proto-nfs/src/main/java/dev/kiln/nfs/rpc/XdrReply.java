package dev.kiln.nfs.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/** A reply body written by a lambda; replies are only ever encoded, never decoded. */
@FunctionalInterface
public interface XdrReply extends XdrAble {

  /** Writes the reply body. */
  void encode(XdrEncodingStream xdr) throws IOException;

  @Override
  default void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    encode(xdr);
  }

  @Override
  default void xdrDecode(XdrDecodingStream xdr) {
    throw new UnsupportedOperationException("a reply is never decoded");
  }

  /** Sends {@code body} as the successful reply of {@code call}. */
  static void send(RpcCall call, XdrReply body) {
    call.reply(body);
  }

  /** The empty body of procedures that return void. */
  static XdrReply empty() {
    return xdr -> {};
  }
}
