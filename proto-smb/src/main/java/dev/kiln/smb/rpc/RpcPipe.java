package dev.kiln.smb.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A connection-oriented DCE/RPC endpoint on a named pipe ([C706] ch. 12, [MS-RPCE] 2.2.2): BIND and
 * ALTER_CONTEXT negotiate presentation contexts (NDR 2.0 only), REQUEST fragments are reassembled
 * and answered with RESPONSE fragments no larger than the client's max_recv_frag, or with a FAULT.
 * Bad input never throws: it is answered with a FAULT (nca_proto_error) and the buffered input is
 * dropped. Authenticated binds are refused with a BIND_NAK (the SMB session already authenticated
 * the caller). Not thread-safe: one per pipe open.
 */
final class RpcPipe {

  static final int BIND = 11;
  static final int BIND_ACK = 12;
  static final int BIND_NAK = 13;
  static final int ALTER_CONTEXT = 14;
  static final int ALTER_CONTEXT_RESP = 15;
  static final int REQUEST = 0;
  static final int RESPONSE = 2;
  static final int FAULT = 3;
  static final int AUTH3 = 16;
  static final int CO_CANCEL = 18;
  static final int ORPHANED = 19;

  static final int FIRST_FRAG = 0x01;
  static final int LAST_FRAG = 0x02;
  static final int DID_NOT_EXECUTE = 0x20;
  static final int OBJECT_UUID = 0x80;

  /** The largest fragment either side sends; Windows and Samba use 4280. */
  static final int MAX_FRAG = 4280;

  /** The largest reassembled request accepted. */
  static final int MAX_REQUEST = 1 << 20;

  private final RpcInterface iface;
  private final String secondaryAddress;
  private final int assocGroup;

  private byte[] in = new byte[0];
  private final ArrayDeque<byte[]> out = new ArrayDeque<>();
  private int outOffset;
  private int available;

  private int maxXmit = MAX_FRAG;
  private final Set<Integer> contexts = new HashSet<>();

  private ByteArrayOutputStream request;
  private int requestCallId;
  private int requestContext;
  private int requestOpnum;

  RpcPipe(RpcInterface iface, String secondaryAddress, int assocGroup) {
    this.iface = iface;
    this.secondaryAddress = secondaryAddress;
    this.assocGroup = assocGroup;
  }

  void write(byte[] data) {
    byte[] joined = Arrays.copyOf(in, in.length + data.length);
    System.arraycopy(data, 0, joined, in.length, data.length);
    in = joined;
    while (in.length >= 16) {
      int fragLength = (in[8] & 0xff) | (in[9] & 0xff) << 8;
      int callId = le32(in, 12);
      if (in[0] != 5 || (in[1] != 0 && in[1] != 1) || (in[4] & 0xf0) != 0x10 || fragLength < 16) {
        // Wrong version, big-endian or EBCDIC data representation, or an impossible length.
        fail(callId, "malformed PDU header");
        return;
      }
      if (in.length < fragLength) {
        return;
      }
      byte[] pdu = Arrays.copyOf(in, fragLength);
      in = Arrays.copyOfRange(in, fragLength, in.length);
      try {
        handle(pdu);
      } catch (RpcFault e) {
        fault(callId, requestContext, e.status());
        request = null;
      }
    }
  }

  private void fail(int callId, String reason) {
    fault(callId, 0, RpcFault.PROTO_ERROR);
    in = new byte[0];
    request = null;
  }

  byte[] read(int max) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!out.isEmpty() && b.size() < max) {
      byte[] head = out.peekFirst();
      int n = Math.min(max - b.size(), head.length - outOffset);
      b.write(head, outOffset, n);
      outOffset += n;
      if (outOffset == head.length) {
        out.removeFirst();
        outOffset = 0;
      }
    }
    available -= b.size();
    return b.toByteArray();
  }

  int available() {
    return available;
  }

  private void send(byte[] pdu) {
    out.addLast(pdu);
    available += pdu.length;
  }

  private void handle(byte[] pdu) throws RpcFault {
    int type = pdu[2] & 0xff;
    int flags = pdu[3] & 0xff;
    int fragLength = pdu.length;
    int authLength = (pdu[10] & 0xff) | (pdu[11] & 0xff) << 8;
    int callId = le32(pdu, 12);
    switch (type) {
      case BIND, ALTER_CONTEXT -> bind(pdu, type, callId, authLength);
      case REQUEST -> {
        if (authLength != 0) {
          throw new RpcFault(
              RpcFault.PROTO_ERROR, "authenticated request on an unauthenticated bind");
        }
        request(pdu, flags, callId, fragLength);
      }
      case AUTH3, CO_CANCEL, ORPHANED -> {
        // Nothing to answer: no security context, and calls are executed synchronously.
      }
      default -> throw new RpcFault(RpcFault.PROTO_ERROR, "unexpected PDU type " + type);
    }
  }

  private void bind(byte[] pdu, int type, int callId, int authLength) throws RpcFault {
    NdrReader r = new NdrReader(pdu, 16, pdu.length - 16);
    r.u16(); // max_xmit_frag: the client's; we accept fragments up to any size
    int clientRecv = r.u16();
    long group = r.u32();
    int n = r.u8();
    r.u8();
    r.u16();
    if (type == BIND && authLength != 0) {
      send(bindNak(callId));
      return;
    }
    NdrWriter results = new NdrWriter();
    results.u8(n).u8(0).u16(0);
    for (int i = 0; i < n; i++) {
      int contextId = r.u16();
      int transfers = r.u8();
      r.u8();
      byte[] abstractUuid = r.bytes(16);
      long abstractVersion = r.u32();
      boolean ourInterface =
          Arrays.equals(abstractUuid, iface.uuid()) && abstractVersion == iface.version();
      boolean ndr = false;
      boolean features = false;
      for (int t = 0; t < transfers; t++) {
        byte[] ts = r.bytes(16);
        long tv = r.u32();
        if (Arrays.equals(ts, Uuids.NDR) && tv == 2) {
          ndr = true;
        } else if (Arrays.equals(ts, 0, 8, Uuids.BIND_TIME_FEATURES_PREFIX, 0, 8)) {
          features = true;
        }
      }
      if (features && !ndr) {
        // Bind time feature negotiation ([MS-RPCE] 3.3.1.5.3): acknowledged, no features.
        results.u16(3).u16(0).bytes(new byte[16]).u32(0);
      } else if (!ourInterface) {
        results.u16(2).u16(1).bytes(new byte[16]).u32(0); // abstract syntax not supported
      } else if (!ndr) {
        results.u16(2).u16(2).bytes(new byte[16]).u32(0); // transfer syntaxes not supported
      } else {
        contexts.add(contextId);
        results.u16(0).u16(0).bytes(Uuids.NDR).u32(2);
      }
    }
    if (type == BIND) {
      maxXmit = Math.max(1432, Math.min(clientRecv, MAX_FRAG));
    }
    NdrWriter body = new NdrWriter();
    body.u16(maxXmit).u16(MAX_FRAG).u32(group != 0 ? group : assocGroup);
    // The secondary address is the pipe name in a bind ack and empty in an alter context response.
    byte[] addr =
        type == BIND ? (secondaryAddress + "\0").getBytes(StandardCharsets.US_ASCII) : new byte[0];
    body.u16(addr.length).bytes(addr);
    // Align the result list to 4 bytes from the start of the PDU (the body starts at 16).
    body.align(4);
    body.bytes(results.toByteArray());
    send(pdu(type == BIND ? BIND_ACK : ALTER_CONTEXT_RESP, FIRST_FRAG | LAST_FRAG, callId, body));
  }

  private byte[] bindNak(int callId) {
    NdrWriter body = new NdrWriter();
    body.u16(8); // authentication type not recognized ([MS-RPCE] 2.2.2.5)
    body.u8(1).u8(5).u8(0);
    return pdu(BIND_NAK, FIRST_FRAG | LAST_FRAG, callId, body);
  }

  private void request(byte[] pdu, int flags, int callId, int fragLength) throws RpcFault {
    NdrReader r = new NdrReader(pdu, 16, pdu.length - 16);
    r.u32(); // alloc_hint
    int contextId = r.u16();
    int opnum = r.u16();
    int header = 24;
    if ((flags & OBJECT_UUID) != 0) {
      r.bytes(16);
      header += 16;
    }
    if ((flags & FIRST_FRAG) != 0) {
      if (request != null) {
        throw new RpcFault(
            RpcFault.PROTO_ERROR, "a new call before the previous one's last fragment");
      }
      request = new ByteArrayOutputStream();
      requestCallId = callId;
      requestContext = contextId;
      requestOpnum = opnum;
    } else if (request == null || callId != requestCallId) {
      throw new RpcFault(RpcFault.PROTO_ERROR, "a fragment without its first");
    }
    request.write(pdu, header, fragLength - header);
    if (request.size() > MAX_REQUEST) {
      throw new RpcFault(RpcFault.PROTO_ERROR, "request larger than " + MAX_REQUEST + " bytes");
    }
    if ((flags & LAST_FRAG) == 0) {
      return;
    }
    byte[] stub = request.toByteArray();
    request = null;
    if (!contexts.contains(requestContext)) {
      fault(callId, requestContext, RpcFault.UNKNOWN_IF);
      return;
    }
    byte[] result;
    try {
      result = iface.invoke(requestOpnum, stub);
    } catch (RpcFault e) {
      fault(callId, requestContext, e.status());
      return;
    }
    respond(callId, requestContext, result);
  }

  private void respond(int callId, int contextId, byte[] stub) {
    // Stub bytes per fragment: what fits, kept a multiple of 8 so NDR alignment survives.
    int chunk = (maxXmit - 24) & ~7;
    int at = 0;
    do {
      int n = Math.min(chunk, stub.length - at);
      int flags = (at == 0 ? FIRST_FRAG : 0) | (at + n == stub.length ? LAST_FRAG : 0);
      NdrWriter body = new NdrWriter();
      body.u32(stub.length - at).u16(contextId).u8(0).u8(0);
      body.bytes(Arrays.copyOfRange(stub, at, at + n));
      send(pdu(RESPONSE, flags, callId, body));
      at += n;
    } while (at < stub.length);
  }

  private void fault(int callId, int contextId, int status) {
    NdrWriter body = new NdrWriter();
    body.u32(0).u16(contextId).u8(0).u8(0).u32(status & 0xffffffffL).u32(0);
    int flags = FIRST_FRAG | LAST_FRAG;
    if (status == RpcFault.OP_RNG_ERROR || status == RpcFault.UNKNOWN_IF) {
      flags |= DID_NOT_EXECUTE;
    }
    send(pdu(FAULT, flags, callId, body));
  }

  private static byte[] pdu(int type, int flags, int callId, NdrWriter body) {
    byte[] b = body.toByteArray();
    byte[] p = new byte[16 + b.length];
    p[0] = 5;
    p[1] = 0;
    p[2] = (byte) type;
    p[3] = (byte) flags;
    p[4] = 0x10; // little-endian, ASCII, IEEE floats
    p[8] = (byte) p.length;
    p[9] = (byte) (p.length >>> 8);
    p[12] = (byte) callId;
    p[13] = (byte) (callId >>> 8);
    p[14] = (byte) (callId >>> 16);
    p[15] = (byte) (callId >>> 24);
    System.arraycopy(b, 0, p, 16, b.length);
    return p;
  }

  static int le32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }
}
