package dev.kiln.engine.dataset;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits transaction groups in the background: when {@code interval} has passed on the pool's
 * clock since the last sync, or when the pool's dirty bytes reach {@code dirtyThreshold}. Checks
 * run on the given scheduler every {@code checkEvery}; {@link #tick()} runs one check directly
 * (tests drive it with a manual clock).
 */
public final class SyncTimer implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(SyncTimer.class);

  /** The ZFS default txg interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  private final DatasetPool datasets;
  private final Duration interval;
  private final long dirtyThreshold;
  private volatile ScheduledFuture<?> future;
  private volatile Throwable lastFailure;

  private SyncTimer(DatasetPool datasets, Duration interval, long dirtyThreshold) {
    if (interval.isNegative() || interval.isZero() || dirtyThreshold <= 0) {
      throw new IllegalArgumentException("interval and dirty threshold must be positive");
    }
    this.datasets = datasets;
    this.interval = interval;
    this.dirtyThreshold = dirtyThreshold;
  }

  /** A timer that only runs when {@link #tick()} is called. */
  public static SyncTimer manual(DatasetPool datasets, Duration interval, long dirtyThreshold) {
    return new SyncTimer(datasets, interval, dirtyThreshold);
  }

  /** Starts checking on {@code scheduler} every {@code checkEvery}. */
  public static SyncTimer start(
      DatasetPool datasets,
      ScheduledExecutorService scheduler,
      Duration interval,
      long dirtyThreshold,
      Duration checkEvery) {
    SyncTimer t = new SyncTimer(datasets, interval, dirtyThreshold);
    long period = Math.max(1, checkEvery.toMillis());
    t.future =
        scheduler.scheduleWithFixedDelay(t::tickLogged, period, period, TimeUnit.MILLISECONDS);
    return t;
  }

  /** Syncs if the interval passed or the dirty threshold is reached; returns whether it did. */
  public boolean tick() throws java.io.IOException {
    long now = datasets.clock().millis();
    boolean due =
        now - datasets.lastSyncMillis() >= interval.toMillis()
            || datasets.pool().dirtyBytes() >= dirtyThreshold;
    if (!due || datasets.pool().suspended()) {
      return false;
    }
    datasets.sync();
    return true;
  }

  private void tickLogged() {
    try {
      tick();
    } catch (Throwable e) {
      if (lastFailure == null) {
        LOG.error("pool '{}': txg sync failed", datasets.pool().name(), e);
      }
      lastFailure = e;
    }
  }

  /** The failure of the last background sync, if any. */
  public Throwable lastFailure() {
    return lastFailure;
  }

  /** Stops the background checks (a running sync completes). */
  @Override
  public void close() {
    ScheduledFuture<?> f = future;
    if (f != null) {
      f.cancel(false);
    }
  }
}
