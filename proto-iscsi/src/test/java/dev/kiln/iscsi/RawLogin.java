package dev.kiln.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.iscsi.login.TextParameters;
import dev.kiln.iscsi.pdu.Opcode;
import dev.kiln.iscsi.pdu.Pdu;
import dev.kiln.iscsi.pdu.PduReader;
import dev.kiln.iscsi.pdu.PduWriter;
import java.io.IOException;

/**
 * The login that tests speaking raw PDUs to a {@link MemoryTarget} share (RFC 7143 §6.3): security
 * negotiation without authentication (CSG 0 to NSG 1), then operational negotiation without digests
 * straight to the full feature phase (NSG 3).
 */
final class RawLogin {

  private RawLogin() {}

  /** Logs {@code initiator} in with {@code isid}; returns the final login response. */
  static Pdu login(PduReader in, PduWriter out, String initiator, long isid) throws IOException {
    TextParameters keys =
        new TextParameters()
            .add("InitiatorName", initiator)
            .add("TargetName", MemoryTarget.IQN)
            .add("SessionType", "Normal")
            .add("AuthMethod", "None");
    Pdu security = Pdu.create(0x40 | Opcode.LOGIN_REQUEST).u8(1, 0x80 | 0x01);
    security.i64(8, isid << 16).i32(16, 1).i32(24, 1).data(keys.encode());
    out.write(security);
    assertThat(in.read().u16(36)).as("security stage status").isZero();
    TextParameters op = new TextParameters().add("HeaderDigest", "None").add("DataDigest", "None");
    Pdu operational = Pdu.create(0x40 | Opcode.LOGIN_REQUEST).u8(1, 0x80 | 0x01 << 2 | 0x03);
    operational.i64(8, isid << 16).i32(16, 1).i32(24, 1).data(op.encode());
    out.write(operational);
    return in.read();
  }
}
