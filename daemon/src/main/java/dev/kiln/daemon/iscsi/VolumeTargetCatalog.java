package dev.kiln.daemon.iscsi;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.iscsi.scsi.LogicalUnit;
import dev.kiln.iscsi.scsi.UnitIdentity;
import dev.kiln.iscsi.target.ChapCredentials;
import dev.kiln.iscsi.target.IscsiTarget;
import dev.kiln.iscsi.target.TargetCatalog;
import dev.kiln.mgmt.iscsi.IscsiTargetSpec;
import dev.kiln.mgmt.iscsi.IscsiTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets the iSCSI service exports. With targets configured through the API ({@code
 * /api/v1/iscsi/targets}) exactly those, with their LUN maps, initiator ACLs and CHAP; with none
 * configured, every volume dataset as a target {@value #PREFIX}{@code <dataset>} (slashes become
 * dots) with LUN 0, open to every initiator. Logical units are kept per volume and target so
 * reservations outlive sessions; NAA identifier and serial come from the dataset guid, so they
 * survive restarts and renames.
 */
public final class VolumeTargetCatalog implements TargetCatalog {

  /** The naming authority of Kiln's target names (RFC 7143 §4.2.7.2). */
  public static final String PREFIX = "iqn.2026-12.dev.kiln:";

  private static final Logger LOG = LoggerFactory.getLogger(VolumeTargetCatalog.class);

  private final Supplier<StorageEngine> engine;
  private final Supplier<IscsiTargets> configured;
  private final Map<String, LogicalUnit> units = new ConcurrentHashMap<>();

  /** A catalog over the running engine and configuration store. */
  public VolumeTargetCatalog(Supplier<StorageEngine> engine, Supplier<IscsiTargets> configured) {
    this.engine = engine;
    this.configured = configured;
  }

  /** The default target name of a volume dataset. */
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
      List<IscsiTargetSpec> specs = configured.get().list();
      return specs.isEmpty() ? everyVolume() : configuredTargets(specs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<IscsiTarget> everyVolume() throws IOException {
    List<IscsiTarget> out = new ArrayList<>();
    StorageEngine e = engine.get();
    for (Pool p : e.pools()) {
      for (Dataset d : e.datasets(p.name(), true)) {
        if (d.type() == DatasetType.VOLUME) {
          String name = targetName(d.name());
          try {
            out.add(IscsiTarget.open(name, Map.of(0, unit(d, name))));
          } catch (IOException | RuntimeException broken) {
            // One volume the engine cannot open must not take every other target down with it.
            LOG.warn("volume {} cannot be exported: {}", d.name(), broken.getMessage());
          }
        }
      }
    }
    return out;
  }

  private List<IscsiTarget> configuredTargets(List<IscsiTargetSpec> specs) throws IOException {
    List<IscsiTarget> out = new ArrayList<>();
    StorageEngine e = engine.get();
    for (IscsiTargetSpec s : specs) {
      TreeMap<Integer, LogicalUnit> luns = new TreeMap<>();
      for (IscsiTargetSpec.LunMapping l : s.luns()) {
        try {
          Dataset d = e.dataset(l.dataset());
          if (d.type() == DatasetType.VOLUME) {
            luns.put(l.lun(), unit(d, s.name()));
          }
        } catch (NoSuchEntryException gone) {
          LOG.warn("target {} LUN {}: volume {} does not exist", s.name(), l.lun(), l.dataset());
        } catch (IOException | RuntimeException broken) {
          LOG.warn(
              "target {} LUN {}: volume {} cannot be opened: {}",
              s.name(),
              l.lun(),
              l.dataset(),
              broken.getMessage());
        }
      }
      ChapCredentials chap =
          s.chapUser() == null
              ? null
              : new ChapCredentials(s.chapUser(), s.chapSecret(), s.mutualUser(), s.mutualSecret());
      out.add(new IscsiTarget(s.name(), luns, new HashSet<>(s.initiators()), chap));
    }
    return out;
  }

  private LogicalUnit unit(Dataset d, String targetName) throws IOException {
    BlockVolume v = d.volume();
    return units.compute(
        d.guid() + "@" + targetName,
        (key, old) ->
            old != null && old.volume() == v
                ? old
                : new LogicalUnit(
                    v,
                    UnitIdentity.fromGuid(
                        v.identity().guid(), v.identity().serial(), targetName, 1)));
  }
}
