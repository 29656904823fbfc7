package dev.kiln.daemon.lifecycle;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.common.lifecycle.ManagedService;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services after their dependencies and stops them in reverse order. A service that fails to
 * start stops everything already started, so the daemon never runs half-wired. Stopping gives each
 * service a bounded time to flush in-flight work, then moves on: one stuck service must not keep
 * the others (and the pool) from closing cleanly.
 */
public final class Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private final List<ManagedService> order;
  private final Duration stopTimeout;
  private final Deque<ManagedService> started = new ArrayDeque<>();
  private final Map<String, Health> lastKnown = new LinkedHashMap<>();

  /** Orders the services; throws if a dependency is missing or the graph has a cycle. */
  public Lifecycle(List<ManagedService> services, Duration stopTimeout) {
    this.order = topologicalOrder(services);
    this.stopTimeout = stopTimeout;
    for (ManagedService s : order) {
      lastKnown.put(s.name(), new Health(Health.State.STOPPED, ""));
    }
  }

  /** The start order. */
  public List<String> startOrder() {
    return order.stream().map(ManagedService::name).toList();
  }

  /** Starts every service in dependency order; on failure stops the started ones and rethrows. */
  public synchronized void startAll() throws ServiceStartException {
    for (ManagedService s : order) {
      lastKnown.put(s.name(), new Health(Health.State.STARTING, ""));
      long t0 = System.nanoTime();
      try {
        s.start();
      } catch (Exception e) {
        lastKnown.put(s.name(), Health.failed(String.valueOf(e.getMessage())));
        LOG.error("service {} failed to start: {}", s.name(), e.getMessage(), e);
        stopAll();
        throw new ServiceStartException(s.name(), e);
      }
      started.push(s);
      lastKnown.put(s.name(), Health.up());
      LOG.info("service {} started in {} ms", s.name(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** Stops started services in reverse start order; safe to call more than once. */
  public synchronized void stopAll() {
    ExecutorService stopper = Executors.newVirtualThreadPerTaskExecutor();
    try {
      while (!started.isEmpty()) {
        ManagedService s = started.pop();
        lastKnown.put(s.name(), new Health(Health.State.STOPPING, ""));
        Future<?> f =
            stopper.submit(
                () -> {
                  s.stop();
                  return null;
                });
        try {
          f.get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
          lastKnown.put(s.name(), new Health(Health.State.STOPPED, ""));
          LOG.info("service {} stopped", s.name());
        } catch (TimeoutException e) {
          f.cancel(true);
          lastKnown.put(s.name(), Health.failed("did not stop within " + stopTimeout));
          LOG.error("service {} did not stop within {}", s.name(), stopTimeout);
        } catch (ExecutionException e) {
          lastKnown.put(s.name(), Health.failed(String.valueOf(e.getCause().getMessage())));
          LOG.error("service {} failed to stop cleanly", s.name(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } finally {
      stopper.shutdownNow();
    }
  }

  /** Every service's health: live for running services, the last transition otherwise. */
  public synchronized Map<String, Health> health() {
    Map<String, Health> out = new LinkedHashMap<>(lastKnown);
    for (ManagedService s : started) {
      try {
        out.put(s.name(), s.health());
      } catch (RuntimeException e) {
        out.put(s.name(), Health.failed("health check threw " + e));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  static List<ManagedService> topologicalOrder(List<ManagedService> services) {
    Map<String, ManagedService> byName = new LinkedHashMap<>();
    for (ManagedService s : services) {
      if (byName.put(s.name(), s) != null) {
        throw new IllegalArgumentException("two services are named " + s.name());
      }
    }
    for (ManagedService s : services) {
      for (String dep : s.dependsOn()) {
        if (!byName.containsKey(dep)) {
          throw new IllegalArgumentException(
              "service " + s.name() + " depends on unknown service " + dep);
        }
      }
    }
    List<ManagedService> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Map<String, Boolean> visiting = new HashMap<>();
    for (ManagedService s : services) {
      visit(s, byName, done, visiting, out, new ArrayDeque<>());
    }
    return List.copyOf(out);
  }

  private static void visit(
      ManagedService s,
      Map<String, ManagedService> byName,
      Set<String> done,
      Map<String, Boolean> visiting,
      List<ManagedService> out,
      Deque<String> path) {
    if (done.contains(s.name())) {
      return;
    }
    path.addLast(s.name());
    if (visiting.putIfAbsent(s.name(), true) != null) {
      throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", path));
    }
    for (String dep : s.dependsOn().stream().sorted().toList()) {
      visit(byName.get(dep), byName, done, visiting, out, path);
    }
    visiting.remove(s.name());
    path.removeLast();
    done.add(s.name());
    out.add(s);
  }
}
