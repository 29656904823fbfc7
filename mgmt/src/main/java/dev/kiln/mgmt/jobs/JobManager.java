package dev.kiln.mgmt.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long work (scrub, rollback, destroying large datasets, later send/receive) runs as jobs: each has
 * an id, progress, log lines and can be cancelled; a lock key keeps two conflicting jobs (two
 * scrubs of one pool) from running at once.
 */
public final class JobManager {

  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
  private static final int KEEP_FINISHED = 200;
  private static final int KEEP_LOG_LINES = 200;

  /** The work of a job. */
  @FunctionalInterface
  public interface Body {
    /** Does the work, reporting through {@code ctx}. */
    void run(JobContext ctx) throws Exception;
  }

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Set<String> locks = new HashSet<>();

  /** Jobs timed by {@code clock}. */
  public JobManager(Clock clock) {
    this.clock = clock;
  }

  /**
   * Starts a job on its own virtual thread.
   *
   * @throws IllegalStateException if a job holding the same lock key runs
   */
  public JobView submit(String kind, String target, String user, String lockKey, Body body) {
    synchronized (locks) {
      if (!locks.add(lockKey)) {
        throw new IllegalStateException("a " + kind + " job for " + target + " is already running");
      }
    }
    Job job = new Job(ids.incrementAndGet(), kind, target, user, clock.instant());
    jobs.put(job.id, job);
    prune();
    Thread.ofVirtual()
        .name("job-" + job.id)
        .start(
            () -> {
              try {
                body.run(job);
                job.finish(
                    job.cancelled() ? JobState.CANCELED : JobState.SUCCESS, null, clock.instant());
              } catch (Exception e) {
                LOG.warn("job {} ({}) failed: {}", job.id, kind, e.toString());
                job.finish(
                    job.cancelled() ? JobState.CANCELED : JobState.FAILED,
                    String.valueOf(e.getMessage()),
                    clock.instant());
              } finally {
                synchronized (locks) {
                  locks.remove(lockKey);
                }
              }
            });
    return job.view();
  }

  /** Every known job, newest first. */
  public List<JobView> list() {
    List<JobView> out = new ArrayList<>();
    synchronized (jobs) {
      jobs.values().forEach(j -> out.add(j.view()));
    }
    Collections.reverse(out);
    return out;
  }

  /** One job. */
  public Optional<JobView> get(long id) {
    Job j = jobs.get(id);
    return j == null ? Optional.empty() : Optional.of(j.view());
  }

  /** Asks a job to stop; returns whether it exists. */
  public boolean cancel(long id) {
    Job j = jobs.get(id);
    if (j == null) {
      return false;
    }
    j.cancel = true;
    return true;
  }

  /** Waits for a job to end (tests and the CLI's --wait). */
  public JobView await(long id) throws InterruptedException {
    Job j = jobs.get(id);
    if (j == null) {
      throw new IllegalArgumentException("no such job " + id);
    }
    j.done.await();
    return j.view();
  }

  private void prune() {
    synchronized (jobs) {
      var it = jobs.values().iterator();
      int finished = (int) jobs.values().stream().filter(j -> j.state != JobState.RUNNING).count();
      while (finished > KEEP_FINISHED && it.hasNext()) {
        if (it.next().state != JobState.RUNNING) {
          it.remove();
          finished--;
        }
      }
    }
  }

  private static final class Job implements JobContext {
    final long id;
    final String kind;
    final String target;
    final String user;
    final Instant started;
    final CountDownLatch done = new CountDownLatch(1);
    final Deque<String> log = new ArrayDeque<>();
    volatile JobState state = JobState.RUNNING;
    volatile int progress;
    volatile boolean cancel;
    volatile Instant finished;
    volatile String error;

    Job(long id, String kind, String target, String user, Instant started) {
      this.id = id;
      this.kind = kind;
      this.target = target;
      this.user = user;
      this.started = started;
    }

    @Override
    public void progress(int percent) {
      progress = Math.clamp(percent, 0, 100);
    }

    @Override
    public synchronized void log(String line) {
      log.addLast(line);
      while (log.size() > KEEP_LOG_LINES) {
        log.removeFirst();
      }
    }

    @Override
    public boolean cancelled() {
      return cancel;
    }

    void finish(JobState s, String err, Instant at) {
      error = err;
      finished = at;
      if (s == JobState.SUCCESS) {
        progress = 100;
      }
      state = s;
      done.countDown();
    }

    synchronized JobView view() {
      return new JobView(
          id, kind, target, user, state, progress, started, finished, error, List.copyOf(log));
    }
  }
}
