package dev.kiln.daemon.smb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built NTLMSSP messages ([MS-NLMP] 2.2.1) for driving the acceptor from the daemon side. */
final class RawNtlm {

  private RawNtlm() {}

  static byte[] negotiate() {
    ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    b.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(0x00088207);
    return b.array();
  }

  /** An NTLMv2-shaped AUTHENTICATE whose NTProofStr cannot be right. */
  static byte[] authenticateWithBadProof(String user) {
    byte[] name = user.getBytes(StandardCharsets.UTF_16LE);
    byte[] nt = new byte[16 + 28 + 4];
    nt[16] = 1;
    nt[17] = 1;
    int payload = 64;
    ByteBuffer b =
        ByteBuffer.allocate(payload + nt.length + name.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(3);
    b.putShort((short) 0).putShort((short) 0).putInt(payload); // LM
    b.putShort((short) nt.length).putShort((short) nt.length).putInt(payload); // NT
    b.putShort((short) 0).putShort((short) 0).putInt(payload); // domain
    b.putShort((short) name.length).putShort((short) name.length).putInt(payload + nt.length);
    b.putShort((short) 0).putShort((short) 0).putInt(payload); // workstation
    b.putShort((short) 0).putShort((short) 0).putInt(payload); // session key
    b.putInt(0x00088205);
    b.put(nt).put(name);
    return b.array();
  }
}
