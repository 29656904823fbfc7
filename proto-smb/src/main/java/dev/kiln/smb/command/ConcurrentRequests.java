package dev.kiln.smb.command;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * The requests of one connection that run beside each other: READ and WRITE of files each get a
 * virtual thread, so a client's pipelined reads (smbclient keeps as many outstanding as its credits
 * allow) overlap engine reads with the socket writes of earlier responses. Every other request
 * waits until those in flight finished ({@link #awaitIdle()}) and then runs on the reader thread,
 * so NEGOTIATE, SESSION_SETUP, CREATE, CLOSE, LOCK and the rest see the effects of every request
 * that arrived before them, as in a server that executes one at a time.
 *
 * <p>What is in flight is bounded in credits (one per started 64 KiB, [MS-SMB2] 3.1.5.2): at most
 * {@link #MAX_CREDITS} (64 MiB of payload) per connection; beyond that the reader stops reading,
 * which pushes back on the client through TCP.
 */
final class ConcurrentRequests {

  /** The most credits' worth of READ/WRITE payload in flight on one connection. */
  static final int MAX_CREDITS = 1024;

  private final Semaphore inFlight = new Semaphore(MAX_CREDITS);
  private final ThreadFactory threads;

  /** Runs requests on virtual threads named after {@code name}. */
  ConcurrentRequests(String name) {
    this.threads = Thread.ofVirtual().name("smb-io-" + name + "-", 0).factory();
  }

  /**
   * Starts {@code task}, charged {@code credits}; waits while the connection's bound is reached.
   */
  void start(int credits, Runnable task) throws InterruptedIOException {
    int permits = Math.clamp(credits, 1, MAX_CREDITS);
    acquire(permits);
    Thread t =
        threads.newThread(
            () -> {
              try {
                task.run();
              } finally {
                inFlight.release(permits);
              }
            });
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      inFlight.release(permits);
      throw e;
    }
  }

  /** Waits until no request started here is still running. */
  void awaitIdle() throws InterruptedIOException {
    acquire(MAX_CREDITS);
    inFlight.release(MAX_CREDITS);
  }

  private void acquire(int permits) throws InterruptedIOException {
    try {
      inFlight.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for requests in flight");
    }
  }
}
