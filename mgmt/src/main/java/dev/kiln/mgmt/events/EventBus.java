package dev.kiln.mgmt.events;

import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans change notices out to subscribers (the API's event stream). Each subscriber has a bounded
 * queue: a subscriber that cannot keep up loses events and is told so, instead of slowing the
 * publisher or growing memory.
 */
public final class EventBus {

  /** Events a subscriber may lag behind before it starts losing them. */
  public static final int QUEUE = 1024;

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();

  /** A bus stamping events with {@code clock}. */
  public EventBus(Clock clock) {
    this.clock = clock;
  }

  /** Publishes a change to every subscriber. */
  public void publish(String type, String resource, String user) {
    ChangeNotice n = new ChangeNotice(ids.incrementAndGet(), clock.instant(), type, resource, user);
    for (Subscription s : subscribers) {
      if (!s.queue.offer(n)) {
        s.lost.incrementAndGet();
      }
    }
  }

  /** Subscribes; close the subscription to stop. */
  public Subscription subscribe() {
    Subscription s = new Subscription(this);
    subscribers.add(s);
    return s;
  }

  /** One subscriber's queue. */
  public static final class Subscription implements AutoCloseable {
    private final EventBus bus;
    private final BlockingQueue<ChangeNotice> queue = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicLong lost = new AtomicLong();

    private Subscription(EventBus bus) {
      this.bus = bus;
    }

    /** The next notice, or null after {@code timeoutMillis}. */
    public ChangeNotice poll(long timeoutMillis) throws InterruptedException {
      return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Events dropped because this subscriber fell behind, reset on read. */
    public long takeLost() {
      return lost.getAndSet(0);
    }

    @Override
    public void close() {
      bus.subscribers.remove(this);
    }
  }
}
