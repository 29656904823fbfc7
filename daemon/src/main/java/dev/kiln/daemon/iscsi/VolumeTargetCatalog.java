package dev.kiln.daemon.iscsi;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.iscsi.scsi.LogicalUnit;
import dev.kiln.iscsi.scsi.UnitIdentity;
import dev.kiln.iscsi.target.IscsiTarget;
import dev.kiln.iscsi.target.TargetCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every volume dataset of the engine as a target with one LUN 0, named {@value #PREFIX} plus the
 * dataset name (slashes become dots). Logical units are kept per volume so reservations outlive a
 * session; the NAA identifier and serial come from the dataset guid, so they survive restarts and
 * renames.
 */
public final class VolumeTargetCatalog implements TargetCatalog {

  /** The naming authority of Kiln's target names (RFC 7143 §4.2.7.2). */
  public static final String PREFIX = "iqn.2026-12.dev.kiln:";

  private final Supplier<StorageEngine> engine;
  private final Map<Long, LogicalUnit> units = new ConcurrentHashMap<>();

  /** A catalog over the running engine. */
  public VolumeTargetCatalog(Supplier<StorageEngine> engine) {
    this.engine = engine;
  }

  /** The target name of a volume dataset. */
  public static String targetName(String dataset) {
    StringBuilder b = new StringBuilder(PREFIX);
    for (char c : dataset.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append(c == '/' ? '.' : (Character.isLetterOrDigit(c) || c == '-' || c == '.') ? c : '-');
    }
    return b.toString();
  }

  @Override
  public List<IscsiTarget> targets() {
    try {
      List<IscsiTarget> out = new ArrayList<>();
      StorageEngine e = engine.get();
      for (Pool p : e.pools()) {
        for (Dataset d : e.datasets(p.name(), true)) {
          if (d.type() == DatasetType.VOLUME) {
            String name = targetName(d.name());
            out.add(IscsiTarget.open(name, Map.of(0, unit(d, name))));
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LogicalUnit unit(Dataset d, String targetName) throws IOException {
    BlockVolume v = d.volume();
    return units.compute(
        d.guid(),
        (guid, old) ->
            old != null && old.volume() == v
                ? old
                : new LogicalUnit(
                    v,
                    UnitIdentity.fromGuid(
                        v.identity().guid(), v.identity().serial(), targetName, 1)));
  }
}
