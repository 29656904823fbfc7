package dev.kiln.iscsi.scsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reservations of one logical unit: persistent reservations (SPC-4 §5.9, PERSISTENT RESERVE IN/OUT
 * §6.15/§6.16) and the older RESERVE(6)/RELEASE(6) (SPC-2 §7.21). Registrations are held per I_T
 * nexus in memory: APTPL (persist through power loss) is not offered, as REPORT CAPABILITIES says.
 */
final class Reservations {

  static final int WRITE_EXCLUSIVE = 1;
  static final int EXCLUSIVE_ACCESS = 3;
  static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 5;
  static final int EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = 6;
  static final int WRITE_EXCLUSIVE_ALL_REGISTRANTS = 7;
  static final int EXCLUSIVE_ACCESS_ALL_REGISTRANTS = 8;

  /** How a command touches the medium, for the conflict table (SPC-4 §5.9.1 table 48). */
  enum Access {
    /** Never conflicts: INQUIRY, REPORT LUNS, PR IN/OUT, READ CAPACITY, TEST UNIT READY... */
    NONE,
    /** Reads the medium. */
    READ,
    /** Changes the medium or unit state. */
    WRITE
  }

  private final Map<String, Long> registrations = new LinkedHashMap<>();
  private final UnitAttentions attentions;
  private int generation;
  private String holder;
  private int type;
  private String legacyHolder;

  /** Reservations that tell affected nexuses through {@code attentions} (SPC-4 §5.12.11). */
  Reservations(UnitAttentions attentions) {
    this.attentions = attentions;
  }

  /** Throws when {@code nexus} may not run a command with {@code access}. */
  synchronized void check(Nexus nexus, Access access, boolean legacyExempt)
      throws ReservationConflict {
    String port = nexus.initiatorPort();
    if (legacyHolder != null && !legacyHolder.equals(port) && !legacyExempt) {
      throw new ReservationConflict();
    }
    if (access == Access.NONE || holder == null && !allRegistrants()) {
      return;
    }
    if (type == 0) {
      return;
    }
    boolean registered = registrations.containsKey(port);
    boolean holds = holds(port);
    if (holds) {
      return;
    }
    boolean exclusiveAccess =
        type == EXCLUSIVE_ACCESS
            || type == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY
            || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    boolean registrantsAllowed = type != WRITE_EXCLUSIVE && type != EXCLUSIVE_ACCESS;
    if (registrantsAllowed && registered) {
      return;
    }
    if (access == Access.WRITE || exclusiveAccess) {
      throw new ReservationConflict();
    }
  }

  private boolean allRegistrants() {
    return type == WRITE_EXCLUSIVE_ALL_REGISTRANTS || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
  }

  private boolean holds(String port) {
    if (type == 0) {
      return false;
    }
    if (allRegistrants()) {
      return registrations.containsKey(port);
    }
    return port.equals(holder);
  }

  /** RESERVE(6) (SPC-2 §7.21): conflicts with another nexus's or any persistent reservation. */
  synchronized void reserve6(Nexus nexus) throws ReservationConflict {
    if (type != 0 || legacyHolder != null && !legacyHolder.equals(nexus.initiatorPort())) {
      throw new ReservationConflict();
    }
    legacyHolder = nexus.initiatorPort();
  }

  /** RELEASE(6): releases only the caller's own reservation; otherwise does nothing. */
  synchronized void release6(Nexus nexus) throws ReservationConflict {
    if (type != 0) {
      throw new ReservationConflict();
    }
    if (nexus.initiatorPort().equals(legacyHolder)) {
      legacyHolder = null;
    }
  }

  /** A LUN reset or the loss of a nexus clears RESERVE(6) (SPC-2 §5.5.1). */
  synchronized void resetLegacy(String port) {
    if (port == null || port.equals(legacyHolder)) {
      legacyHolder = null;
    }
  }

  /** PERSISTENT RESERVE IN (§6.15). */
  synchronized byte[] in(int action, int relativePort) throws CheckCondition {
    switch (action) {
      case 0 -> {
        byte[] b = new byte[8 + 8 * registrations.size()];
        Cdb.put32(b, 0, generation);
        Cdb.put32(b, 4, 8L * registrations.size());
        int p = 8;
        for (long key : registrations.values()) {
          Cdb.put64(b, p, key);
          p += 8;
        }
        return b;
      }
      case 1 -> {
        boolean reserved = type != 0;
        byte[] b = new byte[reserved ? 24 : 8];
        Cdb.put32(b, 0, generation);
        if (reserved) {
          Cdb.put32(b, 4, 16);
          long key = allRegistrants() ? 0 : registrations.getOrDefault(holder, 0L);
          Cdb.put64(b, 8, key);
          b[21] = (byte) type;
        }
        return b;
      }
      case 2 -> {
        byte[] b = new byte[8];
        Cdb.put16(b, 0, 8);
        b[3] = (byte) 0x80; // TMV: the type mask is valid
        b[4] = (byte) (0x80 | 0x40 | 0x20 | 0x08 | 0x02);
        b[5] = 0x01;
        return b;
      }
      case 3 -> {
        return fullStatus(relativePort);
      }
      default -> throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
  }

  /** READ FULL STATUS (§6.15.5): one descriptor per registration with its iSCSI TransportID. */
  private byte[] fullStatus(int relativePort) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, Long> e : registrations.entrySet()) {
      String port = e.getKey();
      // iSCSI TransportID, format 01b: the initiator port name with ISID (§7.6.4.6).
      byte[] name = port.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int nameLen = (name.length + 1 + 3) & ~3;
      byte[] d = new byte[24 + 4 + nameLen];
      Cdb.put64(d, 0, e.getValue());
      boolean holds = holds(port);
      d[12] = (byte) (holds ? 0x01 : 0);
      d[13] = (byte) (holds ? type : 0);
      Cdb.put16(d, 18, relativePort);
      Cdb.put32(d, 20, 4L + nameLen);
      d[24] = 0x45;
      Cdb.put16(d, 26, nameLen);
      System.arraycopy(name, 0, d, 28, name.length);
      out.writeBytes(d);
    }
    byte[] body = out.toByteArray();
    byte[] b = new byte[8 + body.length];
    Cdb.put32(b, 0, generation);
    Cdb.put32(b, 4, body.length);
    System.arraycopy(body, 0, b, 8, body.length);
    return b;
  }

  /** PERSISTENT RESERVE OUT (§6.16) with the 24-byte basic parameter list. */
  synchronized void out(Nexus nexus, int action, int scope, int reqType, byte[] params)
      throws CheckCondition, ReservationConflict {
    String port = nexus.initiatorPort();
    long key = Cdb.u64(params, 0);
    long saKey = Cdb.u64(params, 8);
    boolean aptpl = (Cdb.u8(params, 20) & 0x01) != 0;
    if ((Cdb.u8(params, 20) & 0x0c) != 0) {
      // SPEC_I_PT and ALL_TG_PT are not supported.
      throw new CheckCondition(SenseData.invalidFieldInParameters(20));
    }
    Long registered = registrations.get(port);
    switch (action) {
      case 0, 6 -> {
        if (aptpl) {
          throw new CheckCondition(SenseData.invalidFieldInParameters(20));
        }
        if (action == 0 && (registered == null ? key != 0 : registered != key)) {
          throw new ReservationConflict();
        }
        if (saKey == 0) {
          if (registered != null) {
            unregister(port);
          }
        } else {
          registrations.put(port, saKey);
        }
        generation++;
      }
      case 1 -> {
        requireKey(registered, key);
        checkType(reqType, scope);
        if (type != 0) {
          if (!holds(port) || type != reqType) {
            throw new ReservationConflict();
          }
          return;
        }
        holder = port;
        type = reqType;
      }
      case 2 -> {
        requireKey(registered, key);
        if (type == 0 || !holds(port)) {
          return;
        }
        if (type != reqType || scope != 0) {
          // INVALID RELEASE OF PERSISTENT RESERVATION (26/04).
          throw new CheckCondition(SenseData.of(SenseData.ILLEGAL_REQUEST, 0x26, 0x04));
        }
        boolean registrantsType = registrantsType();
        holder = null;
        type = 0;
        if (registrantsType) {
          // §5.12.11.2: the other registrants lose access they had through the reservation.
          tellRegistrants(port, UnitAttentions.RESERVATIONS_RELEASED);
        }
      }
      case 3 -> {
        requireKey(registered, key);
        // §5.12.11.6: every other registered nexus learns that CLEAR removed its registration.
        tellRegistrants(port, UnitAttentions.RESERVATIONS_PREEMPTED);
        registrations.clear();
        holder = null;
        type = 0;
        generation++;
      }
      case 4, 5 -> preempt(port, registered, key, saKey, reqType, scope);
      default -> throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
  }

  private void preempt(String port, Long registered, long key, long saKey, int reqType, int scope)
      throws CheckCondition, ReservationConflict {
    requireKey(registered, key);
    if (type != 0 && allRegistrants() && saKey == 0) {
      // §5.9.11.4: preempting an all-registrants reservation with key 0 removes everyone else.
      checkType(reqType, scope);
      tellRegistrants(port, UnitAttentions.REGISTRATIONS_PREEMPTED);
      registrations.keySet().removeIf(p -> !p.equals(port));
      holder = port;
      type = reqType;
      generation++;
      return;
    }
    if (saKey == 0) {
      throw new CheckCondition(SenseData.invalidFieldInParameters(8));
    }
    boolean holderPreempted =
        type != 0 && !allRegistrants() && registrations.getOrDefault(holder, 0L) == saKey;
    if (holderPreempted) {
      checkType(reqType, scope);
    }
    List<String> removed = new ArrayList<>();
    registrations.forEach(
        (p, k) -> {
          if (k == saKey && !p.equals(port)) {
            removed.add(p);
          }
        });
    if (removed.isEmpty() && !holderPreempted) {
      throw new ReservationConflict();
    }
    removed.forEach(registrations::remove);
    // §5.12.11.4: each nexus whose registration was removed is told so.
    removed.forEach(p -> attentions.establish(p, UnitAttentions.REGISTRATIONS_PREEMPTED));
    if (holderPreempted) {
      boolean changed = type != reqType;
      holder = port;
      type = reqType;
      if (changed) {
        // §5.12.11.4.3: a new type (scope is always LU) is a release for the remaining registrants.
        tellRegistrants(port, UnitAttentions.RESERVATIONS_RELEASED);
      }
    }
    generation++;
  }

  private void unregister(String port) {
    registrations.remove(port);
    if (type != 0) {
      if (allRegistrants() ? registrations.isEmpty() : port.equals(holder)) {
        boolean registrantsType = registrantsType();
        holder = null;
        type = 0;
        if (registrantsType) {
          // §5.12.11.2.2: the holder of a registrants-only reservation left, releasing it.
          tellRegistrants(port, UnitAttentions.RESERVATIONS_RELEASED);
        }
      }
    }
  }

  /** Registrants-only and all-registrants types give every registrant access (§5.12.9). */
  private boolean registrantsType() {
    return type >= WRITE_EXCLUSIVE_REGISTRANTS_ONLY && type <= EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
  }

  /** Establishes {@code ua} for every registered nexus other than {@code except}. */
  private void tellRegistrants(String except, SenseData ua) {
    for (String p : registrations.keySet()) {
      if (!p.equals(except)) {
        attentions.establish(p, ua);
      }
    }
  }

  private static void requireKey(Long registered, long key) throws ReservationConflict {
    if (registered == null || registered != key) {
      throw new ReservationConflict();
    }
  }

  private static void checkType(int reqType, int scope) throws CheckCondition {
    boolean valid =
        reqType == WRITE_EXCLUSIVE
            || reqType == EXCLUSIVE_ACCESS
            || (reqType >= WRITE_EXCLUSIVE_REGISTRANTS_ONLY
                && reqType <= EXCLUSIVE_ACCESS_ALL_REGISTRANTS);
    if (!valid) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
    if (scope != 0) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
  }
}
