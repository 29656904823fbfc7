package dev.kiln.iscsi.scsi;

import dev.kiln.iscsi.scsi.Reservations.Access;
import java.util.List;

/**
 * Every command the logical unit implements, with its CDB length and how it touches the medium: the
 * source of REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35) and of the reservation conflict check.
 */
final class CommandTable {

  /**
   * One supported command.
   *
   * @param opcode the operation code
   * @param serviceAction the service action, or -1 when the opcode has none
   * @param cdbLength the CDB length
   * @param access how the command touches the medium
   */
  record Command(int opcode, int serviceAction, int cdbLength, Access access) {}

  static final List<Command> COMMANDS =
      List.of(
          new Command(0x00, -1, 6, Access.NONE), // TEST UNIT READY
          new Command(0x03, -1, 6, Access.NONE), // REQUEST SENSE
          new Command(0x08, -1, 6, Access.READ), // READ(6)
          new Command(0x0a, -1, 6, Access.WRITE), // WRITE(6)
          new Command(0x12, -1, 6, Access.NONE), // INQUIRY
          new Command(0x15, -1, 6, Access.WRITE), // MODE SELECT(6)
          new Command(0x16, -1, 6, Access.NONE), // RESERVE(6)
          new Command(0x17, -1, 6, Access.NONE), // RELEASE(6)
          new Command(0x1a, -1, 6, Access.READ), // MODE SENSE(6)
          new Command(0x1b, -1, 6, Access.WRITE), // START STOP UNIT
          new Command(0x1e, -1, 6, Access.READ), // PREVENT ALLOW MEDIUM REMOVAL
          new Command(0x25, -1, 10, Access.NONE), // READ CAPACITY(10)
          new Command(0x28, -1, 10, Access.READ), // READ(10)
          new Command(0x2a, -1, 10, Access.WRITE), // WRITE(10)
          new Command(0x2e, -1, 10, Access.WRITE), // WRITE AND VERIFY(10)
          new Command(0x2f, -1, 10, Access.READ), // VERIFY(10)
          new Command(0x34, -1, 10, Access.READ), // PRE-FETCH(10)
          new Command(0x35, -1, 10, Access.WRITE), // SYNCHRONIZE CACHE(10)
          new Command(0x41, -1, 10, Access.WRITE), // WRITE SAME(10)
          new Command(0x42, -1, 10, Access.WRITE), // UNMAP
          new Command(0x55, -1, 10, Access.WRITE), // MODE SELECT(10)
          new Command(0x5a, -1, 10, Access.READ), // MODE SENSE(10)
          new Command(0x5e, 0x00, 10, Access.NONE), // PERSISTENT RESERVE IN: READ KEYS
          new Command(0x5e, 0x01, 10, Access.NONE), // READ RESERVATION
          new Command(0x5e, 0x02, 10, Access.NONE), // REPORT CAPABILITIES
          new Command(0x5e, 0x03, 10, Access.NONE), // READ FULL STATUS
          new Command(0x5f, 0x00, 10, Access.NONE), // PERSISTENT RESERVE OUT: REGISTER
          new Command(0x5f, 0x01, 10, Access.NONE), // RESERVE
          new Command(0x5f, 0x02, 10, Access.NONE), // RELEASE
          new Command(0x5f, 0x03, 10, Access.NONE), // CLEAR
          new Command(0x5f, 0x04, 10, Access.NONE), // PREEMPT
          new Command(0x5f, 0x05, 10, Access.NONE), // PREEMPT AND ABORT
          new Command(0x5f, 0x06, 10, Access.NONE), // REGISTER AND IGNORE EXISTING KEY
          new Command(0x88, -1, 16, Access.READ), // READ(16)
          new Command(0x89, -1, 16, Access.WRITE), // COMPARE AND WRITE
          new Command(0x8a, -1, 16, Access.WRITE), // WRITE(16)
          new Command(0x8b, -1, 16, Access.WRITE), // ORWRITE(16)
          new Command(0x8e, -1, 16, Access.WRITE), // WRITE AND VERIFY(16)
          new Command(0x8f, -1, 16, Access.READ), // VERIFY(16)
          new Command(0x90, -1, 16, Access.READ), // PRE-FETCH(16)
          new Command(0x91, -1, 16, Access.WRITE), // SYNCHRONIZE CACHE(16)
          new Command(0x93, -1, 16, Access.WRITE), // WRITE SAME(16)
          new Command(0x9e, 0x10, 16, Access.NONE), // READ CAPACITY(16)
          new Command(0x9e, 0x12, 16, Access.READ), // GET LBA STATUS
          new Command(0xa0, -1, 12, Access.NONE), // REPORT LUNS
          new Command(0xa3, 0x0c, 12, Access.NONE), // REPORT SUPPORTED OPERATION CODES
          new Command(0xa8, -1, 12, Access.READ), // READ(12)
          new Command(0xaa, -1, 12, Access.WRITE), // WRITE(12)
          new Command(0xae, -1, 12, Access.WRITE), // WRITE AND VERIFY(12)
          new Command(0xaf, -1, 12, Access.READ)); // VERIFY(12)

  private CommandTable() {}

  /** True when {@code opcode} takes a service action in byte 1. */
  static boolean hasServiceAction(int opcode) {
    // Looked up for every command: a fixed table, not a scan of the list.
    return opcode >= 0 && opcode < 256 && TAKES_SERVICE_ACTION[opcode];
  }

  private static final boolean[] TAKES_SERVICE_ACTION = new boolean[256];

  static {
    for (Command c : COMMANDS) {
      TAKES_SERVICE_ACTION[c.opcode()] |= c.serviceAction() >= 0;
    }
  }

  /** The command for an opcode and service action, or null. */
  static Command find(int opcode, int serviceAction) {
    for (Command c : COMMANDS) {
      if (c.opcode() == opcode && (c.serviceAction() < 0 || c.serviceAction() == serviceAction)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The CDB usage map (§6.35.3): which bits of each CDB byte the command looks at. Opcode and
   * service action are exact; other bytes are reported as all used, control byte as NACA/LINK.
   */
  static byte[] usage(Command c) {
    byte[] u = new byte[c.cdbLength()];
    u[0] = (byte) c.opcode();
    for (int i = 1; i < u.length - 1; i++) {
      u[i] = (byte) 0xff;
    }
    if (c.serviceAction() >= 0) {
      u[1] = (byte) (0xe0 | c.serviceAction());
    }
    u[u.length - 1] = 0x07;
    return u;
  }
}
