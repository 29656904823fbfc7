package dev.kiln.mgmt.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so time-based rules are tested without waiting. */
public final class MutableClock extends Clock {

  private Instant now;

  /** Starts at {@code start}. */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Moves time forward. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
