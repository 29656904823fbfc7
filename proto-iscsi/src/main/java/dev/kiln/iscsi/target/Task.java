package dev.kiln.iscsi.target;

import java.nio.ByteBuffer;

/**
 * One SCSI command in flight on a connection: its data-out buffer while R2Ts collect the data, and
 * the abort flag a task management function sets (RFC 7143 §4.2.3 and §11.5.1). The response is
 * sent at most once, and never after an abort completed.
 */
final class Task {

  final int itt;
  final long lunField;
  final int lun;
  final byte[] cdb;
  final int expectedLength;
  final boolean read;
  final boolean write;
  final int cmdSn;
  final ByteBuffer buffer;
  int received;
  int r2tOffset;
  int r2tSn;
  int expectedDataSn;
  int currentTtt = -1;
  boolean unsolicitedPending;
  private boolean aborted;
  private boolean done;

  Task(
      int itt,
      long lunField,
      int lun,
      byte[] cdb,
      int expectedLength,
      boolean read,
      boolean write,
      int cmdSn,
      ByteBuffer buffer) {
    this.itt = itt;
    this.lunField = lunField;
    this.lun = lun;
    this.cdb = cdb;
    this.expectedLength = expectedLength;
    this.read = read;
    this.write = write;
    this.cmdSn = cmdSn;
    this.buffer = buffer;
  }

  /** Marks the task aborted; false if its response is already on its way. */
  synchronized boolean abort() {
    if (done) {
      return false;
    }
    aborted = true;
    return true;
  }

  /** Claims the right to respond; false if the task was aborted. */
  synchronized boolean claimResponse() {
    if (aborted || done) {
      return false;
    }
    done = true;
    return true;
  }
}
