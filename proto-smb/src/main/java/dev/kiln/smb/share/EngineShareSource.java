package dev.kiln.smb.share;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.Snapshot;
import dev.kiln.engine.api.manage.StorageEngine;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares read from the engine's datasets: every file system whose {@code sharesmb} is not off. The
 * list is re-read at most once per {@code refresh}, so property changes through the API reach
 * clients within that time without a scan per request. A value that does not parse, or a name
 * another dataset took first, is logged and the dataset is not shared (fail closed).
 */
public final class EngineShareSource implements ShareSource {

  private static final Logger LOG = LoggerFactory.getLogger(EngineShareSource.class);

  private final Supplier<StorageEngine> engine;
  private final Clock clock;
  private final Duration refresh;
  private volatile List<SmbShare> cached = List.of();
  private volatile Instant readAt = Instant.MIN;

  /** Shares of {@code engine}, re-read at most every {@code refresh}. */
  public EngineShareSource(Supplier<StorageEngine> engine, Clock clock, Duration refresh) {
    this.engine = engine;
    this.clock = clock;
    this.refresh = refresh;
  }

  @Override
  public List<SmbShare> shares() throws IOException {
    Instant now = clock.instant();
    if (now.isBefore(readAt.plus(refresh)) && !now.isBefore(readAt)) {
      return cached;
    }
    List<SmbShare> shares = new ArrayList<>();
    Set<String> names = new HashSet<>();
    StorageEngine e = engine.get();
    for (Pool pool : e.pools()) {
      for (Dataset d : e.datasets(pool.name(), true)) {
        if (d.type() != DatasetType.FILESYSTEM) {
          continue;
        }
        String value = d.get(DatasetProperties.SHARESMB).value();
        if (value == null || value.equalsIgnoreCase("off")) {
          continue;
        }
        try {
          ShareOptions options = ShareOptions.parse(value, d.name());
          if (!names.add(options.name().toLowerCase(Locale.ROOT))) {
            LOG.warn("{} is not shared: share name {} is taken", d.name(), options.name());
            continue;
          }
          shares.add(new SmbShare(d.name(), d.guid(), options));
        } catch (IllegalArgumentException ex) {
          LOG.warn("{} is not shared: sharesmb '{}': {}", d.name(), value, ex.getMessage());
        }
      }
    }
    cached = List.copyOf(shares);
    readAt = now;
    return cached;
  }

  @Override
  public FileSystem fileSystem(SmbShare share) throws IOException {
    return engine.get().dataset(share.dataset()).fileSystem();
  }

  @Override
  public List<SnapshotEntry> snapshots(SmbShare share) throws IOException {
    List<SnapshotEntry> list = new ArrayList<>();
    for (Snapshot s : engine.get().dataset(share.dataset()).snapshots()) {
      list.add(new SnapshotEntry(s.name().substring(s.name().indexOf('@') + 1), s.creation()));
    }
    return list;
  }

  @Override
  public FileSystem snapshotFileSystem(SmbShare share, String snapshotName) throws IOException {
    return engine.get().snapshot(share.dataset() + "@" + snapshotName).fileSystem();
  }
}
