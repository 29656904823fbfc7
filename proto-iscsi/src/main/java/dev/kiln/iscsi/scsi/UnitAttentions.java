package dev.kiln.iscsi.scsi;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The pending unit attention conditions of one logical unit, a queue per I_T nexus (SAM-5 §5.14). A
 * nexus has a queue from the moment it joins until it is lost; conditions for a nexus that is not
 * joined are not kept (a nexus that joins later is told POWER ON, RESET, OR BUS DEVICE RESET
 * OCCURRED, which supersedes them). Reset conditions (ASC 29h) go first and replace one another;
 * other conditions queue in the order they occurred, each at most once.
 */
final class UnitAttentions {

  /** POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (29h/00h): every new nexus gets it. */
  static final SenseData POWER_ON_RESET = SenseData.of(SenseData.UNIT_ATTENTION, 0x29, 0x00);

  /** BUS DEVICE RESET FUNCTION OCCURRED (29h/03h): a LUN or target reset by another nexus. */
  static final SenseData DEVICE_RESET = SenseData.of(SenseData.UNIT_ATTENTION, 0x29, 0x03);

  /** CAPACITY DATA HAS CHANGED (2Ah/09h), SBC-3 §4.6. */
  static final SenseData CAPACITY_CHANGED = SenseData.of(SenseData.UNIT_ATTENTION, 0x2a, 0x09);

  /** RESERVATIONS PREEMPTED (2Ah/03h), SPC-4 §5.12.11.6 (CLEAR). */
  static final SenseData RESERVATIONS_PREEMPTED =
      SenseData.of(SenseData.UNIT_ATTENTION, 0x2a, 0x03);

  /** RESERVATIONS RELEASED (2Ah/04h), SPC-4 §5.12.11.2 (release of a registrants reservation). */
  static final SenseData RESERVATIONS_RELEASED = SenseData.of(SenseData.UNIT_ATTENTION, 0x2a, 0x04);

  /** REGISTRATIONS PREEMPTED (2Ah/05h), SPC-4 §5.12.11.4 (PREEMPT removed the registration). */
  static final SenseData REGISTRATIONS_PREEMPTED =
      SenseData.of(SenseData.UNIT_ATTENTION, 0x2a, 0x05);

  /** Conditions kept per nexus at most; more of them are dropped (the oldest are reported). */
  static final int MAX_PENDING = 8;

  private final Map<String, ArrayDeque<SenseData>> queues = new HashMap<>();
  // Total of queued conditions: every command reads it without the lock, and almost always sees 0.
  private volatile int pending;

  /** A new I_T nexus: its first reportable command reports POWER ON, RESET (SAM-5 §6.3.1). */
  synchronized void joined(String initiatorPort) {
    ArrayDeque<SenseData> q = new ArrayDeque<>();
    q.add(POWER_ON_RESET);
    ArrayDeque<SenseData> old = queues.put(initiatorPort, q);
    pending += 1 - (old == null ? 0 : old.size());
  }

  /** The nexus is gone: nothing more is kept for it. */
  synchronized void lost(String initiatorPort) {
    ArrayDeque<SenseData> old = queues.remove(initiatorPort);
    if (old != null) {
      pending -= old.size();
    }
  }

  /** Establishes {@code ua} for one nexus (when it is joined). */
  synchronized void establish(String initiatorPort, SenseData ua) {
    ArrayDeque<SenseData> q = queues.get(initiatorPort);
    if (q != null) {
      add(q, ua);
    }
  }

  /** Establishes {@code ua} for every joined nexus except {@code except} (null: for all). */
  synchronized void establishAllExcept(String except, SenseData ua) {
    for (Map.Entry<String, ArrayDeque<SenseData>> e : queues.entrySet()) {
      if (!e.getKey().equals(except)) {
        add(e.getValue(), ua);
      }
    }
  }

  private void add(ArrayDeque<SenseData> q, SenseData ua) {
    int before = q.size();
    if (ua.asc() == 0x29) {
      // A reset supersedes an earlier reset condition and is reported before anything else.
      q.removeIf(s -> s.asc() == 0x29);
      q.addFirst(ua);
    } else if (!q.contains(ua) && q.size() < MAX_PENDING) {
      q.addLast(ua);
    }
    pending += q.size() - before;
  }

  /** Takes the oldest condition pending for the nexus (reporting clears it), or null. */
  SenseData take(String initiatorPort) {
    if (pending == 0) {
      return null;
    }
    synchronized (this) {
      ArrayDeque<SenseData> q = queues.get(initiatorPort);
      SenseData ua = q == null ? null : q.pollFirst();
      if (ua != null) {
        pending--;
      }
      return ua;
    }
  }

  /** How many conditions are pending for the nexus. */
  synchronized int pendingFor(String initiatorPort) {
    ArrayDeque<SenseData> q = queues.get(initiatorPort);
    return q == null ? 0 : q.size();
  }
}
