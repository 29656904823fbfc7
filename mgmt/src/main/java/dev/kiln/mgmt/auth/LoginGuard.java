package dev.kiln.mgmt.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Locks an account after repeated failed logins, whatever the protocol (API, SSH): after {@code
 * maxFailures} failures within {@code window}, logins are refused for {@code lockout}, even with
 * the right password, so guessing stays slow. A successful login clears the failures.
 */
public final class LoginGuard {

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Duration lockout;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();
  private final Map<String, Instant> lockedUntil = new HashMap<>();

  /**
   * @param clock time source
   * @param maxFailures failures that lock the account
   * @param window period in which they count
   * @param lockout how long the lock lasts
   */
  public LoginGuard(Clock clock, int maxFailures, Duration window, Duration lockout) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive");
    }
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
    this.lockout = lockout;
  }

  /** Five failures in fifteen minutes lock the account for fifteen minutes. */
  public static LoginGuard defaults(Clock clock) {
    return new LoginGuard(clock, 5, Duration.ofMinutes(15), Duration.ofMinutes(15));
  }

  /** When the account is locked, until when. */
  public synchronized Optional<Instant> lockedUntil(String user) {
    Instant until = lockedUntil.get(user);
    if (until != null && clock.instant().isBefore(until)) {
      return Optional.of(until);
    }
    lockedUntil.remove(user);
    return Optional.empty();
  }

  /** Records a failed attempt; returns true if this failure locked the account. */
  public synchronized boolean failed(String user) {
    Instant now = clock.instant();
    Deque<Instant> recent = failures.computeIfAbsent(user, u -> new ArrayDeque<>());
    recent.addLast(now);
    while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
      recent.removeFirst();
    }
    if (recent.size() >= maxFailures) {
      lockedUntil.put(user, now.plus(lockout));
      recent.clear();
      return true;
    }
    return false;
  }

  /** Records a successful login. */
  public synchronized void succeeded(String user) {
    failures.remove(user);
  }

  /** An administrator unlocks an account. */
  public synchronized void unlock(String user) {
    failures.remove(user);
    lockedUntil.remove(user);
  }
}
