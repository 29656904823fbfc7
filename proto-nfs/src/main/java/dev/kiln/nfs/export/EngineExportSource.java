package dev.kiln.nfs.export;

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
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports read from the engine's datasets: every file system whose {@code sharenfs} is not off. The
 * list is re-read at most once per {@code refresh} so property changes through the API reach
 * clients within that time without a scan per call. A value that does not parse is logged and the
 * dataset is not shared (fail closed).
 */
public final class EngineExportSource implements ExportSource {

  private static final Logger LOG = LoggerFactory.getLogger(EngineExportSource.class);

  private final Supplier<StorageEngine> engine;
  private final Clock clock;
  private final Duration refresh;
  private volatile List<Export> cached = List.of();
  private volatile Instant readAt = Instant.MIN;

  /** Exports of {@code engine}, re-read at most every {@code refresh}. */
  public EngineExportSource(Supplier<StorageEngine> engine, Clock clock, Duration refresh) {
    this.engine = engine;
    this.clock = clock;
    this.refresh = refresh;
  }

  @Override
  public List<Export> exports() throws IOException {
    Instant now = clock.instant();
    if (now.isBefore(readAt.plus(refresh)) && !now.isBefore(readAt)) {
      return cached;
    }
    List<Export> exports = new ArrayList<>();
    StorageEngine e = engine.get();
    for (Pool pool : e.pools()) {
      for (Dataset d : e.datasets(pool.name(), true)) {
        if (d.type() != DatasetType.FILESYSTEM) {
          continue;
        }
        String share = d.get(DatasetProperties.SHARENFS).value();
        if (share == null || share.equalsIgnoreCase("off")) {
          continue;
        }
        try {
          exports.add(new Export("/" + d.name(), d.name(), d.guid(), ExportOptions.parse(share)));
        } catch (IllegalArgumentException ex) {
          LOG.warn("{} is not shared: sharenfs '{}': {}", d.name(), share, ex.getMessage());
        }
      }
    }
    cached = List.copyOf(exports);
    readAt = now;
    return cached;
  }

  @Override
  public FileSystem fileSystem(Export export) throws IOException {
    return engine.get().dataset(export.dataset()).fileSystem();
  }

  @Override
  public List<SnapshotEntry> snapshots(Export export) throws IOException {
    List<SnapshotEntry> list = new ArrayList<>();
    for (Snapshot s : engine.get().dataset(export.dataset()).snapshots()) {
      String name = s.name().substring(s.name().indexOf('@') + 1);
      list.add(new SnapshotEntry(name, s.guid(), s.creation()));
    }
    return list;
  }

  @Override
  public FileSystem snapshotFileSystem(Export export, String snapshotName) throws IOException {
    return engine.get().snapshot(export.dataset() + "@" + snapshotName).fileSystem();
  }
}
