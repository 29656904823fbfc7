package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.NotSupportedException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** An imported storage pool: its devices, health, space and scrub. */
public interface Pool {

  /** The pool name, also the name of its root dataset. */
  String name();

  /** The pool's 64-bit guid, stored in every label. */
  long guid();

  /** Overall health. */
  PoolHealth health() throws IOException;

  /** Raw space of the pool. */
  PoolCapacity capacity() throws IOException;

  /** Each device with its error counters. */
  List<DeviceStatus> devices() throws IOException;

  /** On-disk feature flags enabled on this pool. */
  Set<String> features();

  /** Starts a scrub in the background; BusyException if one is running. */
  void startScrub() throws IOException;

  /** Stops a running scrub. */
  default void cancelScrub() throws IOException {
    throw new NotSupportedException(
        "scrub cancel is not supported by " + getClass().getSimpleName());
  }

  /** Progress and findings of the current or latest scrub. */
  ScrubStatus scrubStatus() throws IOException;
}
