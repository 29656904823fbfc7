package dev.kiln.smb.state;

import java.util.BitSet;

/**
 * The message ids a client may use ([MS-SMB2] 3.3.1.1, 3.3.5.2.3): the window starts as {0}; every
 * granted credit adds one id at its top; a request consumes CreditCharge consecutive ids, each
 * once. One per connection; synchronized, since READ and WRITE run beside the reader.
 */
public final class CreditWindow {

  private final int maxOutstanding;
  private long low;
  private long high = 1;
  private final BitSet used = new BitSet();

  /** A window that never lets the client hold more than {@code maxOutstanding} credits. */
  public CreditWindow(int maxOutstanding) {
    this.maxOutstanding = maxOutstanding;
  }

  /** Consumes ids {@code [messageId, messageId+charge)}; false if any is outside or used. */
  public synchronized boolean consume(long messageId, int charge) {
    int n = Math.max(1, charge);
    if (messageId < low || messageId + n > high || messageId + n < messageId) {
      return false;
    }
    int from = (int) (messageId - low);
    if (used.get(from, from + n).cardinality() != 0) {
      return false;
    }
    used.set(from, from + n);
    int advance = used.nextClearBit(0);
    if (advance > 0) {
      shift(advance);
    }
    return true;
  }

  private void shift(int advance) {
    BitSet rest = used.get(advance, Math.max(advance, used.length()));
    used.clear();
    used.or(rest);
    low += advance;
  }

  /** Credits the client still holds. */
  public synchronized long outstanding() {
    return high - low - used.cardinality();
  }

  /**
   * Grants up to {@code requested} new credits (at least {@code minimum} when the window allows),
   * keeping the outstanding total at most the maximum; returns the number granted.
   */
  public synchronized int grant(int requested, int minimum) {
    long room = maxOutstanding - outstanding();
    int n = (int) Math.max(0, Math.min(Math.max(requested, minimum), room));
    high += n;
    return n;
  }
}
