package dev.kiln.nfs.nlm;

import dev.kiln.nfs.export.NfsNamespace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock manager: NLM v4 and NSM v1 over one lock table, with a grace period after each start
 * during which only reclaims are granted, and SM_NOTIFY sent to every client that held locks so it
 * reclaims them.
 */
public final class NlmService {

  private static final Logger LOG = LoggerFactory.getLogger(NlmService.class);

  private final LockTable locks = new LockTable();
  private final NsmState nsm;
  private final Clock clock;
  private final Instant graceEnds;
  private final Nlm4Program nlmProgram;
  private final Nsm1Program nsmProgram;
  private volatile int clientPortmapPort = 111;
  private final java.util.List<BlockedLock> waiting = new java.util.ArrayList<>();

  private NlmService(NfsNamespace namespace, NsmState nsm, Clock clock, Duration grace) {
    this.nsm = nsm;
    this.clock = clock;
    this.graceEnds = clock.instant().plus(grace);
    this.nlmProgram = new Nlm4Program(namespace, this);
    this.nsmProgram = new Nsm1Program(this);
  }

  /** Loads the NSM state from {@code stateDir}, records the restart and starts the grace period. */
  public static NlmService start(NfsNamespace namespace, Path stateDir, Clock clock, Duration grace)
      throws IOException {
    return new NlmService(namespace, NsmState.openAndRestart(stateDir), clock, grace);
  }

  /** The NLM program dispatcher. */
  public Nlm4Program nlmProgram() {
    return nlmProgram;
  }

  /** The NSM program dispatcher. */
  public Nsm1Program nsmProgram() {
    return nsmProgram;
  }

  /** The lock table. */
  public LockTable locks() {
    return locks;
  }

  /** The NSM state. */
  public NsmState nsm() {
    return nsm;
  }

  /** True while only reclaims are granted. */
  public boolean inGracePeriod() {
    return clock.instant().isBefore(graceEnds);
  }

  /** The port of clients' portmappers used to find their statd (111; tests change it). */
  public void clientPortmapPort(int port) {
    this.clientPortmapPort = port;
  }

  /**
   * Queues a blocked request (replacing an earlier one of the same owner for the same range, as
   * clients re-send blocked requests while they wait).
   */
  public void block(BlockedLock b) {
    synchronized (waiting) {
      waiting.removeIf(w -> same(w, b.file(), b.owner(), b.start(), b.end()));
      waiting.add(b);
    }
  }

  /** Drops a queued request (NLM CANCEL); true if there was one. */
  public boolean cancel(LockTable.FileKey file, LockOwner owner, long start, long end) {
    synchronized (waiting) {
      return waiting.removeIf(w -> same(w, file, owner, start, end));
    }
  }

  /** Drops every queued request of a client host (it rebooted or sent FREE_ALL). */
  public void forgetHost(String host) {
    synchronized (waiting) {
      waiting.removeIf(w -> w.owner().host().equals(host));
    }
  }

  /** The queued requests (for status and tests). */
  public java.util.List<BlockedLock> waiting() {
    synchronized (waiting) {
      return java.util.List.copyOf(waiting);
    }
  }

  private static boolean same(
      BlockedLock w, LockTable.FileKey file, LockOwner owner, long start, long end) {
    return w.file().equals(file) && w.owner().equals(owner) && w.start() == start && w.end() == end;
  }

  /**
   * Something was unlocked on {@code file} (null: anywhere): grants queued requests that no longer
   * conflict, oldest first, and calls their clients back with GRANTED. A client that does not
   * answer, or no longer wants the lock, gets it released again.
   */
  public void released(LockTable.FileKey file) {
    java.util.List<BlockedLock> granted = new java.util.ArrayList<>();
    synchronized (waiting) {
      var it = waiting.iterator();
      while (it.hasNext()) {
        BlockedLock w = it.next();
        if (file != null && !w.file().equals(file)) {
          continue;
        }
        if (locks.lock(w.file(), w.owner(), w.start(), w.end(), w.exclusive()).isEmpty()) {
          it.remove();
          granted.add(w);
        }
      }
    }
    for (BlockedLock g : granted) {
      Thread.ofVirtual()
          .name("nlm-granted")
          .start(
              () -> {
                boolean kept;
                try {
                  kept = NlmGrantedCallback.grant(g, clientPortmapPort);
                } catch (IOException | RuntimeException e) {
                  LOG.info("cannot call {} back with GRANTED: {}", g.address(), e.toString());
                  kept = false;
                }
                if (!kept) {
                  locks.unlock(g.file(), g.owner(), g.start(), g.end());
                  released(g.file());
                }
              });
    }
  }

  /** Tells every client that held locks before the restart to reclaim them (in the background). */
  public void announceRestart(ExecutorService executor) {
    var clients = nsm.monitored();
    if (clients.isEmpty()) {
      return;
    }
    int state = nsm.state();
    executor.execute(
        () ->
            clients.forEach(
                (host, address) -> {
                  try {
                    NsmNotifier.notify(address, clientPortmapPort, host, state);
                    LOG.info("told {} ({}) to reclaim its locks (state {})", host, address, state);
                  } catch (IOException | RuntimeException e) {
                    LOG.warn(
                        "cannot notify {} ({}) of the restart: {}", host, address, e.toString());
                  }
                }));
  }
}
