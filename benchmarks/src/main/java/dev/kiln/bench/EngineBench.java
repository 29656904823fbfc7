package dev.kiln.bench;

import dev.kiln.common.ByteSizes;
import dev.kiln.daemon.storage.PoolSet;
import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.WriteStability;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.StorageEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kiln bench engine`: the engine against plain FileChannel code doing the same I/O with the same
 * flush points, on the same disk, in one run. Prints Kiln/raw ratios and the floors.
 */
@Command(
    name = "engine",
    description = "Storage engine vs raw FileChannel I/O on the same disk (issue 3 floors).")
public final class EngineBench implements Callable<Integer> {

  private static final int MIB = 1 << 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "./kiln-bench",
      description = "Scratch directory on the disk to measure (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--size",
      paramLabel = "SIZE",
      defaultValue = "4G",
      description = "Sequential write/read size (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(
      names = "--sync-ops",
      defaultValue = "5000",
      description = "4 KiB writes with a flush each (default: ${DEFAULT-VALUE}).")
  int syncOps;

  @Option(
      names = "--async-ops",
      defaultValue = "100000",
      description = "4 KiB writes flushed once at the end (default: ${DEFAULT-VALUE}).")
  int asyncOps;

  @Option(
      names = "--files",
      defaultValue = "200000",
      description = "Small files to create, stat and delete (default: ${DEFAULT-VALUE}).")
  int files;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long bytes = ByteSizes.parse(size);
    Path root = dir.toAbsolutePath().normalize();
    deleteTree(root);
    Files.createDirectories(root);
    List<Measurement> rows = new ArrayList<>();
    List<Double> floors = new ArrayList<>();
    long peak = 0;
    try {
      Path rawDir = Files.createDirectories(root.resolve("raw"));
      Path poolDir = Files.createDirectories(root.resolve("kiln"));
      long poolSize = Math.max(4L << 30, bytes * 2 + (2L << 30));
      boolean cold = PageCache.drop();
      out.printf(
          "kiln bench engine: %s sequential, %d sync + %d async 4K writes, %d files, %s"
              + " reads, scratch %s%n",
          ByteSizes.format(bytes),
          syncOps,
          asyncOps,
          files,
          cold ? "cold-cache" : "WARM-cache (not root: page cache not dropped)",
          root);
      out.flush();

      // (a) sequential write + flush, then read with cold caches
      double rawWrite = rawSequentialWrite(rawDir.resolve("seq.dat"), bytes);
      PageCache.drop();
      double rawRead = rawSequentialRead(rawDir.resolve("seq.dat"), bytes);
      Files.delete(rawDir.resolve("seq.dat"));

      HeapWatch.reset();
      double kilnWrite;
      double kilnRead;
      try (PoolSet pools = open(poolDir)) {
        pools.createPool("bench", List.of(), poolSize, Map.of());
        StorageEngine e = pools.engine();
        e.createDataset(
            "bench/seq",
            DatasetType.FILESYSTEM,
            PropertyMap.empty().withText("compression", "off"));
        kilnWrite = kilnSequentialWrite(e.dataset("bench/seq").fileSystem(), bytes);
      }
      peak = Math.max(peak, HeapWatch.peakBytes());
      PageCache.drop();
      try (PoolSet pools = open(poolDir)) {
        kilnRead = kilnSequentialRead(pools.engine().dataset("bench/seq").fileSystem(), bytes);
        pools.engine().destroyDataset("bench/seq", true);
      }
      peak = Math.max(peak, HeapWatch.peakBytes());
      rows.add(new Measurement("(a) sequential write + flush", "MB/s", rawWrite, kilnWrite, true));
      floors.add(0.8);
      rows.add(new Measurement("(a) sequential read, cold cache", "MB/s", rawRead, kilnRead, true));
      floors.add(0.8);

      // (b) 4 KiB random writes to a volume, sync=always and sync=standard
      long volBytes = 1L << 30;
      double rawSync = rawRandomWrites(rawDir.resolve("vol.dat"), volBytes, syncOps, true);
      double rawAsync = rawRandomWrites(rawDir.resolve("vol.dat"), volBytes, asyncOps, false);
      Files.delete(rawDir.resolve("vol.dat"));
      double kilnSync;
      double kilnAsync;
      HeapWatch.reset();
      try (PoolSet pools = open(poolDir)) {
        StorageEngine e = pools.engine();
        e.createDataset("bench/always", DatasetType.VOLUME, volume(volBytes, "always"));
        kilnSync = kilnRandomWrites(e.dataset("bench/always").volume(), syncOps, true);
        e.createDataset("bench/standard", DatasetType.VOLUME, volume(volBytes, "standard"));
        kilnAsync = kilnRandomWrites(e.dataset("bench/standard").volume(), asyncOps, false);
        e.destroyDataset("bench/always", true);
        e.destroyDataset("bench/standard", true);
      }
      peak = Math.max(peak, HeapWatch.peakBytes());
      rows.add(
          new Measurement(
              "(b) 4K random write, sync=always (write+force)", "ops/s", rawSync, kilnSync, true));
      floors.add(0.5);
      rows.add(
          new Measurement(
              "(b) 4K random write, sync=standard", "ops/s", rawAsync, kilnAsync, true));
      floors.add(null);

      // (c) create, stat, delete small files
      double[] rawFiles = rawSmallFiles(Files.createDirectories(rawDir.resolve("files")), files);
      double[] kilnFiles;
      double snapEmpty;
      double snapFull;
      HeapWatch.reset();
      try (PoolSet pools = open(poolDir)) {
        StorageEngine e = pools.engine();
        e.createDataset("bench/files", DatasetType.FILESYSTEM, PropertyMap.empty());
        kilnFiles = kilnSmallFiles(e.dataset("bench/files").fileSystem(), files);

        // (d) snapshot creation: empty dataset vs one holding the files and 1 GiB
        e.createDataset("bench/empty", DatasetType.FILESYSTEM, PropertyMap.empty());
        e.createSnapshot("bench/empty@warmup", false);
        snapEmpty = timeSnapshot(e, "bench/empty@s");
        FileSystem fs = e.dataset("bench/files").fileSystem();
        populate(fs, files, Math.min(bytes, 1L << 30));
        e.createSnapshot("bench/files@warmup", false);
        snapFull = timeSnapshot(e, "bench/files@s");
      }
      peak = Math.max(peak, HeapWatch.peakBytes());
      String[] fileOps = {"create", "stat", "delete"};
      for (int i = 0; i < 3; i++) {
        rows.add(
            new Measurement(
                "(c) small files: " + fileOps[i], "ops/s", rawFiles[i], kilnFiles[i], true));
        floors.add(null);
      }
      Report.print(out, "raw", rows, floors);
      out.printf(
          "(d) snapshot create: empty dataset %.2f ms, dataset with %d files + %s: %.2f ms"
              + " (floor: < 10 ms and independent of size)%n",
          snapEmpty, files, ByteSizes.format(Math.min(bytes, 1L << 30)), snapFull);
      out.printf("peak heap during engine runs: %s%n", ByteSizes.format(peak));
      out.flush();
      return 0;
    } finally {
      deleteTree(root);
    }
  }

  private static PoolSet open(Path dataDir) throws IOException {
    return PoolSet.open(
        dataDir, new EngineOptions(Clock.systemUTC(), 256L << 20, Duration.ofSeconds(5)));
  }

  private static PropertyMap volume(long size, String sync) throws IOException {
    return PropertyMap.empty()
        .with(DatasetProperties.VOLSIZE, size)
        .withText("volblocksize", "4096")
        .withText("sync", sync)
        .withText("compression", "off");
  }

  private static ByteBuffer randomBuffer(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  private static double rawSequentialWrite(Path file, long bytes) throws IOException {
    ByteBuffer buf = randomBuffer(MIB, 1);
    long t0 = System.nanoTime();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long off = 0; off < bytes; off += MIB) {
        buf.clear();
        while (buf.hasRemaining()) {
          ch.write(buf, off + buf.position());
        }
      }
      ch.force(true);
    }
    return mbPerSecond(bytes, System.nanoTime() - t0);
  }

  private static double rawSequentialRead(Path file, long bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(MIB);
    long t0 = System.nanoTime();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long off = 0; off < bytes; off += MIB) {
        buf.clear();
        while (buf.hasRemaining() && ch.read(buf, off + buf.position()) > 0) {
          // keep reading
        }
      }
    }
    return mbPerSecond(bytes, System.nanoTime() - t0);
  }

  private static double kilnSequentialWrite(FileSystem fs, long bytes) throws IOException {
    ByteBuffer buf = randomBuffer(MIB, 1);
    long t0 = System.nanoTime();
    Attributes f = fs.create(fs.rootInode(), "seq.dat", SetAttributes.none());
    for (long off = 0; off < bytes; off += MIB) {
      buf.clear();
      fs.write(f.inode(), off, buf, WriteStability.UNSTABLE);
    }
    fs.commit(f.inode(), 0, bytes);
    return mbPerSecond(bytes, System.nanoTime() - t0);
  }

  private static double kilnSequentialRead(FileSystem fs, long bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(MIB);
    long t0 = System.nanoTime();
    long inode = fs.lookup(fs.rootInode(), "seq.dat").inode();
    for (long off = 0; off < bytes; off += MIB) {
      buf.clear();
      fs.read(inode, off, buf);
    }
    return mbPerSecond(bytes, System.nanoTime() - t0);
  }

  private static double rawRandomWrites(Path file, long size, int ops, boolean forceEach)
      throws IOException {
    ByteBuffer buf = randomBuffer(4096, 2);
    SplittableRandom r = new SplittableRandom(3);
    long blocks = size / 4096;
    long t0 = System.nanoTime();
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      for (int i = 0; i < ops; i++) {
        buf.clear();
        ch.write(buf, r.nextLong(blocks) * 4096);
        if (forceEach) {
          ch.force(false);
        }
      }
      ch.force(false);
    }
    return ops / ((System.nanoTime() - t0) / 1e9);
  }

  private static double kilnRandomWrites(BlockVolume vol, int ops, boolean fua) throws IOException {
    ByteBuffer buf = randomBuffer(4096, 2);
    SplittableRandom r = new SplittableRandom(3);
    long blocks = vol.blockCount() * vol.logicalBlockSize() / 4096;
    int perBlock = 4096 / vol.logicalBlockSize();
    long t0 = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      buf.clear();
      vol.write(r.nextLong(blocks) * perBlock, buf, fua);
    }
    vol.flush();
    return ops / ((System.nanoTime() - t0) / 1e9);
  }

  private static double[] rawSmallFiles(Path dir, int n) throws IOException {
    byte[] data = new byte[1024];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Path d = dir.resolve("d" + (i % 200));
      if (i < 200) {
        Files.createDirectory(d);
      }
      Files.write(
          d.resolve("f" + i), data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    long t1 = System.nanoTime();
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += Files.size(dir.resolve("d" + (i % 200)).resolve("f" + i));
    }
    long t2 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Files.delete(dir.resolve("d" + (i % 200)).resolve("f" + i));
    }
    long t3 = System.nanoTime();
    if (total != 1024L * n) {
      throw new IllegalStateException("raw files lost data");
    }
    return new double[] {n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), n / ((t3 - t2) / 1e9)};
  }

  private static double[] kilnSmallFiles(FileSystem fs, int n) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(1024);
    long[] dirs = new long[200];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (i < 200) {
        dirs[i] = fs.mkdir(fs.rootInode(), "d" + i, SetAttributes.none()).inode();
      }
      long ino = fs.create(dirs[i % 200], "f" + i, SetAttributes.none()).inode();
      data.clear();
      fs.write(ino, 0, data, WriteStability.UNSTABLE);
    }
    long t1 = System.nanoTime();
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += fs.lookup(dirs[i % 200], "f" + i).size();
    }
    long t2 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      fs.unlink(dirs[i % 200], "f" + i);
    }
    long t3 = System.nanoTime();
    if (total != 1024L * n) {
      throw new IllegalStateException("kiln files lost data: " + total);
    }
    return new double[] {n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), n / ((t3 - t2) / 1e9)};
  }

  private static void populate(FileSystem fs, int n, long bytes) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(1024);
    long dir = fs.mkdir(fs.rootInode(), "many", SetAttributes.none()).inode();
    for (int i = 0; i < n; i++) {
      long ino = fs.create(dir, "f" + i, SetAttributes.none()).inode();
      data.clear();
      fs.write(ino, 0, data, WriteStability.UNSTABLE);
    }
    ByteBuffer big = randomBuffer(MIB, 4);
    long ino = fs.create(fs.rootInode(), "big", SetAttributes.none()).inode();
    for (long off = 0; off < bytes; off += MIB) {
      big.clear();
      fs.write(ino, off, big, WriteStability.UNSTABLE);
    }
  }

  private static double timeSnapshot(StorageEngine e, String name) throws IOException {
    long t0 = System.nanoTime();
    e.createSnapshot(name, false);
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
