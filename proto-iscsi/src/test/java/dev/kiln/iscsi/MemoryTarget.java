package dev.kiln.iscsi;

import dev.kiln.engine.api.block.VolumeIdentity;
import dev.kiln.iscsi.login.TargetLimits;
import dev.kiln.iscsi.scsi.LogicalUnit;
import dev.kiln.iscsi.scsi.UnitIdentity;
import dev.kiln.iscsi.target.ChapCredentials;
import dev.kiln.iscsi.target.IscsiServer;
import dev.kiln.iscsi.target.IscsiTarget;
import dev.kiln.iscsi.target.TargetCatalog;
import dev.kiln.testkit.memory.MemoryBlockVolume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A target over in-memory volumes on an ephemeral port, for tests and manual runs. */
public final class MemoryTarget implements AutoCloseable {

  /** The target name tests log in to. */
  public static final String IQN = "iqn.2026-12.dev.kiln:test";

  private final IscsiServer server;
  private final TargetCatalog catalog;

  /** Starts a target whose LUN 0 and 1 are memory volumes of {@code blocks} 512-byte blocks. */
  public MemoryTarget(long blocks, ChapCredentials chap, Set<String> allowed) throws Exception {
    TreeMap<Integer, LogicalUnit> units = new TreeMap<>();
    for (int lun = 0; lun < 2; lun++) {
      MemoryBlockVolume v =
          new MemoryBlockVolume(new VolumeIdentity(0x1234 + lun, "kilntest" + lun), 512, blocks);
      units.put(
          lun, new LogicalUnit(v, UnitIdentity.fromGuid(0x1234 + lun, "kilntest" + lun, IQN, 1)));
    }
    IscsiTarget target = new IscsiTarget(IQN, units, allowed, chap);
    catalog = () -> List.of(target);
    server = new IscsiServer("127.0.0.1", 0, catalog, TargetLimits.standard(), Set.of());
    server.start();
  }

  /** The portal port. */
  public int port() {
    return server.boundPort();
  }

  /** The catalog the server serves. */
  public TargetCatalog catalog() {
    return catalog;
  }

  /** The server. */
  public IscsiServer server() {
    return server;
  }

  /** iscsi:// URL of a LUN. */
  public String url(int lun) {
    return "iscsi://127.0.0.1:" + port() + "/" + IQN + "/" + lun;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Runs a target until killed: {@code MemoryTarget [port-file]}. */
  public static void main(String[] args) throws Exception {
    MemoryTarget t =
        new MemoryTarget(Long.parseLong(args.length > 1 ? args[1] : "262144"), null, Set.of());
    System.out.println("PORT " + t.port());
    System.out.flush();
    Thread.currentThread().join();
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
