package dev.kiln.smb.command;

import dev.kiln.smb.oplock.BreakChannel;
import dev.kiln.smb.oplock.LeaseId;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.Smb2Command;
import dev.kiln.smb.protocol.Smb2Header;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.state.Tree;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends break notifications on the connection an open belongs to, through its {@link MessageSender}
 * ([MS-SMB2] 3.3.4.6): MessageId all ones, SessionId and TreeId zero, unsigned, and encrypted with
 * the session's key when the session or share requires encryption.
 */
final class ConnectionBreakChannel implements BreakChannel {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionBreakChannel.class);

  /** SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED ([MS-SMB2] 2.2.23.2). */
  private static final int ACK_REQUIRED = 0x1;

  private final MessageSender sender;
  private final Session session;
  private final Tree tree;

  ConnectionBreakChannel(MessageSender sender, Session session, Tree tree) {
    this.sender = sender;
    this.session = session;
    this.tree = tree;
  }

  @Override
  public void oplockBreak(long fileId, int newLevel) {
    SmbWriter w = new SmbWriter(Smb2Header.SIZE + 24);
    Smb2Header.writeResponse(w, Smb2Command.OPLOCK_BREAK, NtStatus.SUCCESS, 0, 0, -1L, 0, 0, 0);
    w.u16(24).u8(newLevel).u8(0).u32(0).u64(fileId).u64(fileId);
    send(w);
  }

  @Override
  public void leaseBreak(
      LeaseId lease, int newEpoch, boolean ackRequired, int current, int newState) {
    SmbWriter w = new SmbWriter(Smb2Header.SIZE + 44);
    Smb2Header.writeResponse(w, Smb2Command.OPLOCK_BREAK, NtStatus.SUCCESS, 0, 0, -1L, 0, 0, 0);
    w.u16(44).u16(newEpoch).u32(ackRequired ? ACK_REQUIRED : 0);
    w.u64(lease.keyLow()).u64(lease.keyHigh());
    w.u32(current).u32(newState).u32(0).u32(0).u32(0);
    send(w);
  }

  private void send(SmbWriter w) {
    boolean encrypt =
        session.cipher() != null && (session.encryptData() || (tree != null && tree.encrypt()));
    try {
      sender.send(w, new int[] {0}, new Session[] {null}, encrypt ? session : null);
    } catch (IOException | RuntimeException e) {
      LOG.debug("break notification lost: {}", e.toString());
    }
  }
}
