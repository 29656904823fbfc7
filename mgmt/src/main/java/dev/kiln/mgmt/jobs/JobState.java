package dev.kiln.mgmt.jobs;

/** Where a job is. */
public enum JobState {
  RUNNING,
  SUCCESS,
  FAILED,
  CANCELED
}
