package dev.kiln.engine.api.manage;

/** Where a pool's scrub is. */
public enum ScrubState {
  NEVER_RUN,
  RUNNING,
  FINISHED,
  CANCELED
}
