package dev.kiln.smb.state;

import dev.kiln.smb.oplock.OplockTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable opens ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12): opens that outlive their
 * connection for a timeout and may be reconnected by a new session of the same user. Persistent
 * handles are not offered (no SMB2_GLOBAL_CAP_PERSISTENT_HANDLES), so a durable open lives in
 * memory only and goes when the server stops.
 */
public final class DurableHandles {

  /** The v1 timeout (DHnQ carries none): Samba's and Windows' 60 seconds. */
  public static final Duration V1_TIMEOUT = Duration.ofSeconds(60);

  /** The v2 timeout when the client asks for 0 ([MS-SMB2] 3.3.5.9.10: implementation-specific). */
  public static final Duration V2_DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The longest v2 timeout granted. */
  public static final Duration V2_MAX_TIMEOUT = Duration.ofMinutes(5);

  /**
   * What a durable open was granted with.
   *
   * @param timeout how long it survives a disconnect
   * @param createGuid the v2 CreateGuid; null for v1
   * @param ownerUid the uid of the user who opened it (DurableOwner)
   * @param ownerName that user's name
   */
  public record Grant(Duration timeout, byte[] createGuid, long ownerUid, String ownerName) {

    /** Copies the guid. */
    public Grant {
      createGuid = createGuid == null ? null : createGuid.clone();
    }

    /** Whether it was granted through DH2Q. */
    public boolean v2() {
      return createGuid != null;
    }

    /** The CreateGuid, or null. */
    @Override
    public byte[] createGuid() {
      return createGuid == null ? null : createGuid.clone();
    }
  }

  /** Why a reconnect is refused. */
  public enum Refusal {
    /** No such durable open, or it is still connected ([MS-SMB2] 3.3.5.9.7). */
    NOT_FOUND,
    /** Another user's open. */
    ACCESS_DENIED
  }

  private static final class Entry {
    final Open open;
    final Grant grant;
    Instant disconnectedAt;
    Runnable expiry;

    Entry(Open open, Grant grant) {
      this.open = open;
      this.grant = grant;
    }
  }

  private final Clock clock;
  private final OplockTable.Timer timer;
  private final Map<Long, Entry> byFileId = new HashMap<>();

  /** Durable opens timed by {@code clock}; {@code timer} runs expiry checks. */
  public DurableHandles(Clock clock, OplockTable.Timer timer) {
    this.clock = clock;
    this.timer = timer;
  }

  /** The v2 timeout granted for a requested one in milliseconds (0: the default). */
  public static Duration v2Timeout(long requestedMillis) {
    if (requestedMillis <= 0) {
      return V2_DEFAULT_TIMEOUT;
    }
    Duration d = Duration.ofMillis(requestedMillis);
    return d.compareTo(V2_MAX_TIMEOUT) > 0 ? V2_MAX_TIMEOUT : d;
  }

  /** Makes {@code open} durable. */
  public synchronized void grant(Open open, Grant grant) {
    byFileId.put(open.id(), new Entry(open, grant));
  }

  /** The grant of a durable open, if it is one. */
  public synchronized Optional<Grant> grantOf(long fileId) {
    Entry e = byFileId.get(fileId);
    return e == null ? Optional.empty() : Optional.of(e.grant);
  }

  /** Whether the open is durable. */
  public synchronized boolean durable(Open open) {
    Entry e = byFileId.get(open.id());
    return e != null && e.open == open;
  }

  /**
   * Its connection is gone: the open waits for a reconnect until its timeout, after which {@code
   * close} runs (through {@link #expire()}).
   */
  public void disconnected(Open open, Runnable close) {
    Duration timeout;
    synchronized (this) {
      Entry e = byFileId.get(open.id());
      if (e == null) {
        return;
      }
      e.disconnectedAt = clock.instant();
      e.expiry = close;
      timeout = e.grant.timeout();
    }
    timer.after(timeout, this::expire);
  }

  /**
   * Finds a disconnected durable open for a reconnect by {@code caller}; {@code createGuid} is null
   * for a v1 reconnect (DHnC) and the CreateGuid of a v2 one (DH2C), which must match the grant's
   * (zeros for a v1 grant).
   */
  public synchronized Reconnect reconnect(long fileId, Caller caller, byte[] createGuid) {
    Entry e = byFileId.get(fileId);
    if (e == null || e.disconnectedAt == null || e.open.closed()) {
      return new Reconnect(null, Refusal.NOT_FOUND);
    }
    // A DH2C names the CreateGuid (all zeros for a v1 grant, as Samba compares it); a DHnC
    // names none.
    byte[] granted = e.grant.v2() ? e.grant.createGuid : new byte[16];
    if (createGuid != null && !Arrays.equals(createGuid, granted)) {
      return new Reconnect(null, Refusal.NOT_FOUND);
    }
    if (caller.uid() != e.grant.ownerUid() || !caller.name().equals(e.grant.ownerName())) {
      return new Reconnect(null, Refusal.ACCESS_DENIED);
    }
    e.disconnectedAt = null;
    e.expiry = null;
    return new Reconnect(e.open, null);
  }

  /**
   * The outcome of a reconnect lookup.
   *
   * @param open the open, now connected again; null when refused
   * @param refusal why it was refused; null on success
   */
  public record Reconnect(Open open, Refusal refusal) {}

  /** The open was closed: it is no longer durable. */
  public synchronized void forget(Open open) {
    Entry e = byFileId.get(open.id());
    if (e != null && e.open == open) {
      byFileId.remove(open.id());
    }
  }

  /** Closes the disconnected opens whose timeout has passed by the clock. */
  public void expire() {
    List<Runnable> close = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      for (Entry e : new ArrayList<>(byFileId.values())) {
        if (e.disconnectedAt != null
            && !e.disconnectedAt.plus(e.grant.timeout()).isAfter(now)
            && e.expiry != null) {
          close.add(e.expiry);
          e.expiry = null;
          byFileId.remove(e.open.id());
        }
      }
    }
    close.forEach(Runnable::run);
  }

  /** The share-relative path of a durable open ("" when unknown). */
  public synchronized String pathOf(long fileId) {
    Entry e = byFileId.get(fileId);
    return e == null ? "" : e.open.path();
  }

  /** Whether a durable open is waiting for a reconnect. */
  public synchronized boolean disconnected(long fileId) {
    Entry e = byFileId.get(fileId);
    return e != null && e.disconnectedAt != null;
  }

  /** The number of durable opens (for leak checks). */
  public synchronized int size() {
    return byFileId.size();
  }
}
