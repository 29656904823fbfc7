package dev.kiln.mgmt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node configuration store: the whole data set in memory, every commit appended to a
 * checksummed log and made durable (fdatasync) before {@link #commit} returns; a snapshot replaces
 * the log when it grows.
 *
 * <p>Recovery reads the snapshot, then replays log records newer than it, and cuts the log at the
 * first record that is torn or fails its checksum: a crash can only lose a commit that had not
 * returned yet. Snapshots are written to a temporary file, flushed and renamed, so a crash during
 * compaction leaves either the old snapshot with the full log or the new one.
 */
public final class EmbeddedConfigStore implements ConfigStore {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConfigStore.class);
  private static final long COMPACT_AT = 4L << 20;

  private final Path dir;
  private final TreeMap<String, KeyValue> data = new TreeMap<>();
  private final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();
  private FileChannel log;
  private long revision;
  private boolean closed;

  private EmbeddedConfigStore(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating if needed) the store in {@code dir}, recovering after a crash. */
  public static EmbeddedConfigStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    EmbeddedConfigStore s = new EmbeddedConfigStore(dir);
    s.recover();
    return s;
  }

  private Path logFile() {
    return dir.resolve("store.log");
  }

  private Path snapshotFile() {
    return dir.resolve("store.snap");
  }

  private void recover() throws IOException {
    if (Files.exists(snapshotFile())) {
      StoreCodec.Snapshot snap =
          StoreCodec.decodeSnapshot(ByteBuffer.wrap(Files.readAllBytes(snapshotFile())));
      for (KeyValue kv : snap.entries()) {
        data.put(kv.key(), kv);
      }
      revision = snap.revision();
    }
    log =
        FileChannel.open(
            logFile(),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    long size = log.size();
    ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
    while (all.hasRemaining() && log.read(all, all.position()) > 0) {
      // read the whole log
    }
    all.flip();
    long validEnd = 0;
    while (all.hasRemaining()) {
      StoreCodec.LogEntry entry;
      try {
        entry = StoreCodec.decodeRecord(all);
      } catch (CorruptStoreException e) {
        LOG.warn(
            "configuration log {}: {} at byte {}; discarding {} byte(s) of uncommitted tail",
            logFile(),
            e.getMessage(),
            validEnd,
            size - validEnd);
        break;
      }
      if (entry.revision() > revision) {
        apply(entry.revision(), entry.writes(), false);
      }
      validEnd = all.position();
    }
    if (validEnd < size) {
      log.truncate(validEnd);
      log.force(true);
    }
    log.position(validEnd);
  }

  @Override
  public synchronized Optional<KeyValue> get(String key) {
    checkOpen();
    return Optional.ofNullable(data.get(key));
  }

  @Override
  public synchronized List<KeyValue> list(String prefix) {
    checkOpen();
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<String, KeyValue> e : data.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      out.add(e.getValue());
    }
    return out;
  }

  @Override
  public synchronized Optional<Long> commit(Txn txn) throws IOException {
    checkOpen();
    for (Txn.Write w : txn.writes()) {
      StoreCodec.checkKey(w.key());
      if (w instanceof Txn.Put p && p.value().length > StoreCodec.MAX_VALUE) {
        throw new IllegalArgumentException("values are at most " + StoreCodec.MAX_VALUE + " bytes");
      }
    }
    for (Txn.Condition c : txn.conditions()) {
      if (c instanceof Txn.ModRevisionIs m) {
        KeyValue kv = data.get(m.key());
        long current = kv == null ? 0 : kv.modRevision();
        if (current != m.revision()) {
          return Optional.empty();
        }
      }
    }
    long next = revision + 1;
    ByteBuffer record = StoreCodec.encodeRecord(next, txn.writes());
    while (record.hasRemaining()) {
      log.write(record);
    }
    log.force(false);
    apply(next, txn.writes(), true);
    if (log.size() > COMPACT_AT) {
      compact();
    }
    return Optional.of(next);
  }

  private void apply(long rev, List<Txn.Write> writes, boolean notify) {
    List<ChangeEvent> events = new ArrayList<>();
    for (Txn.Write w : writes) {
      switch (w) {
        case Txn.Put p -> {
          KeyValue old = data.get(p.key());
          data.put(
              p.key(),
              new KeyValue(
                  p.key(),
                  p.value(),
                  old == null ? rev : old.createRevision(),
                  rev,
                  old == null ? 1 : old.version() + 1));
          events.add(new ChangeEvent(rev, p.key(), p.value()));
        }
        case Txn.Delete d -> {
          if (data.remove(d.key()) != null) {
            events.add(new ChangeEvent(rev, d.key(), null));
          }
        }
      }
    }
    revision = rev;
    if (notify) {
      for (ChangeEvent e : events) {
        for (Consumer<ChangeEvent> l : listeners) {
          try {
            l.accept(e);
          } catch (RuntimeException ex) {
            LOG.warn("configuration watcher failed on {}", e.key(), ex);
          }
        }
      }
    }
  }

  /** Writes a snapshot of everything and starts an empty log. */
  synchronized void compact() throws IOException {
    Path tmp = dir.resolve("store.snap.tmp");
    ByteBuffer snap = StoreCodec.encodeSnapshot(revision, new ArrayList<>(data.values()));
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (snap.hasRemaining()) {
        ch.write(snap);
      }
      ch.force(true);
    }
    Files.move(
        tmp, snapshotFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
    // Records in the old log are all <= the snapshot's revision and would be skipped anyway.
    log.truncate(0);
    log.force(true);
    log.position(0);
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  @Override
  public synchronized long revision() {
    return revision;
  }

  @Override
  public AutoCloseable watch(Consumer<ChangeEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("configuration store is closed");
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      log.close();
    }
  }
}
