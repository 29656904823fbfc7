package dev.kiln.mgmt.jobs;

/** What a running job body reports through. */
public interface JobContext {

  /** Progress in percent (0..100). */
  void progress(int percent);

  /** A line for the job's log. */
  void log(String line);

  /** Whether cancellation was requested; long work checks it between steps. */
  boolean cancelled();
}
