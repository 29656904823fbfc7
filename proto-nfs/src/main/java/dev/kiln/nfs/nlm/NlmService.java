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
