package dev.kiln.smb.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds client PDUs ([C706] 12.6) and reassembles the server's answers, for the tests. */
final class RpcTestClient {

  static final String NDR = "045d888aeb1cc9119fe808002b104860";
  static final String NDR64 = "33057171babe37498319b5dbef9ccc36";
  static final String SRVSVC = "c84f324b7016d30112785a47bf6ee188";

  /** One PDU as parsed back. */
  record Pdu(int type, int flags, int callId, byte[] body) {}

  static byte[] header(int type, int flags, int fragLength, int authLength, int callId) {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 5).put((byte) 0).put((byte) type).put((byte) flags);
    b.put(new byte[] {0x10, 0, 0, 0});
    b.putShort((short) fragLength).putShort((short) authLength).putInt(callId);
    return b.array();
  }

  /** A BIND with one transfer syntax per context: {contextId, abstract hex, version, ts hex}. */
  static byte[] bind(int type, int callId, int maxRecv, Object[]... contexts) {
    ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 4280).putShort((short) maxRecv).putInt(0);
    b.put((byte) contexts.length).put((byte) 0).putShort((short) 0);
    for (Object[] c : contexts) {
      b.putShort(((Integer) c[0]).shortValue()).put((byte) 1).put((byte) 0);
      b.put(HexFormat.of().parseHex((String) c[1])).putInt((Integer) c[2]);
      b.put(HexFormat.of().parseHex((String) c[3])).putInt((Integer) c[4]);
    }
    byte[] body = java.util.Arrays.copyOf(b.array(), b.position());
    return concat(header(type, 3, 16 + body.length, 0, callId), body);
  }

  static byte[] srvsvcBind(int callId, int maxRecv) {
    return bind(11, callId, maxRecv, new Object[] {0, SRVSVC, 3, NDR, 2});
  }

  /** REQUEST fragments carrying {@code stub} in pieces of at most {@code piece} bytes. */
  static byte[] request(int callId, int context, int opnum, byte[] stub, int piece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    do {
      int n = Math.min(piece, stub.length - at);
      int flags = (at == 0 ? 1 : 0) | (at + n == stub.length ? 2 : 0);
      ByteBuffer b = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(stub.length - at).putShort((short) context).putShort((short) opnum);
      b.put(stub, at, n);
      out.writeBytes(concat(header(0, flags, 24 + n, 0, callId), b.array()));
      at += n;
    } while (at < stub.length);
    return out.toByteArray();
  }

  /** Every PDU the pipe has to read, read in chunks of {@code chunk} bytes. */
  static List<Pdu> drain(NamedPipe pipe, int chunk) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (pipe.available() > 0) {
      byte[] part = pipe.read(chunk);
      assertThat(part.length).isPositive().isLessThanOrEqualTo(chunk);
      all.writeBytes(part);
    }
    assertThat(pipe.read(chunk)).isEmpty();
    ByteBuffer b = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    List<Pdu> pdus = new ArrayList<>();
    while (b.hasRemaining()) {
      int start = b.position();
      assertThat(b.get(start)).isEqualTo((byte) 5);
      int fragLength = b.getShort(start + 8) & 0xffff;
      byte[] body = new byte[fragLength - 16];
      b.position(start + 16);
      b.get(body);
      pdus.add(
          new Pdu(b.get(start + 2) & 0xff, b.get(start + 3) & 0xff, b.getInt(start + 12), body));
    }
    return pdus;
  }

  /** The stub of a (possibly fragmented) RESPONSE, checking fragment flags and sizes. */
  static byte[] responseStub(List<Pdu> pdus, int maxRecv) {
    ByteArrayOutputStream stub = new ByteArrayOutputStream();
    for (int i = 0; i < pdus.size(); i++) {
      Pdu p = pdus.get(i);
      assertThat(p.type()).as("PDU type").isEqualTo(2);
      assertThat(p.body().length + 16).isLessThanOrEqualTo(maxRecv);
      assertThat(p.flags() & 1).isEqualTo(i == 0 ? 1 : 0);
      assertThat(p.flags() & 2).isEqualTo(i == pdus.size() - 1 ? 2 : 0);
      stub.write(p.body(), 8, p.body().length - 8);
    }
    return stub.toByteArray();
  }

  static int faultStatus(Pdu p) {
    assertThat(p.type()).isEqualTo(3);
    return ByteBuffer.wrap(p.body()).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
