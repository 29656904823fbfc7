package dev.kiln.iscsi.target;

import java.util.TreeMap;

/**
 * Session-wide command numbering (RFC 7143 §4.2.2.1): ExpCmdSN and MaxCmdSN, in-order delivery of
 * non-immediate commands whatever connection they arrive on, and silent discard of commands outside
 * the window or duplicated. Serial number arithmetic follows RFC 1982.
 */
final class CommandWindow {

  private final int depth;
  private int expCmdSn;
  private final TreeMap<Integer, Runnable> waiting = new TreeMap<>(CommandWindow::compare);

  CommandWindow(int initialCmdSn, int depth) {
    this.expCmdSn = initialCmdSn;
    this.depth = depth;
  }

  /** RFC 1982 comparison of 32-bit serial numbers. */
  static int compare(int a, int b) {
    return Integer.compare(a - b, 0);
  }

  synchronized int expCmdSn() {
    return expCmdSn;
  }

  synchronized int maxCmdSn() {
    return expCmdSn + depth - 1;
  }

  /**
   * Delivers a non-immediate command numbered {@code cmdSn}: runs it (and any commands it unblocks)
   * in order on the calling thread, queues it when early, drops it when outside the window or a
   * duplicate. Returns false when dropped.
   */
  boolean deliver(int cmdSn, Runnable command) {
    synchronized (this) {
      int offset = cmdSn - expCmdSn;
      if (offset < 0 || offset >= depth || waiting.containsKey(cmdSn)) {
        return false;
      }
      if (offset > 0) {
        waiting.put(cmdSn, command);
        return true;
      }
      expCmdSn++;
    }
    command.run();
    while (true) {
      Runnable next;
      synchronized (this) {
        next = waiting.remove(expCmdSn);
        if (next == null) {
          return true;
        }
        expCmdSn++;
      }
      next.run();
    }
  }
}
