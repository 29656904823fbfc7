package dev.kiln.bench;

import dev.kiln.common.ByteSizes;
import dev.kiln.daemon.storage.PoolSet;
import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.EngineOptions;
import dev.kiln.engine.api.manage.PropertyMap;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `kiln bench volume`: the engine's volume path alone (no protocol) against a FileChannel on a file
 * of the same disk, with the access pattern of {@code qemu-img bench} (several requests in flight
 * walking the device in order), so that the engine's share of the iSCSI numbers is visible.
 */
@Command(
    name = "volume",
    description = "Engine volume I/O vs FileChannel on the same disk, requests in flight.")
public final class VolumeBench implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--dir", defaultValue = "./kiln-bench-volume", description = "Scratch dir.")
  Path dir;

  @Option(names = "--depth", defaultValue = "32", description = "Requests in flight.")
  int depth;

  @Option(names = "--ops", defaultValue = "100000", description = "4 KiB requests per run.")
  int ops;

  @Option(names = "--volblocksize", defaultValue = "16K", description = "Volume record size.")
  String volBlockSize;

  @Option(
      names = "--only",
      description = "Runs only the measurements whose name contains this text (for profiling).")
  String only;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description = "Measures each line this many times (the first runs warm the JIT up).")
  int repeat;

  private static final long SIZE = 1L << 30;

  /** One I/O of a run: request {@code index} of {@code size} bytes at {@code offset}. */
  @FunctionalInterface
  private interface Io {
    void run(long offset, ByteBuffer buffer) throws IOException;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path root = Files.createDirectories(dir.toAbsolutePath().normalize());
    Path raw = root.resolve("raw.img");
    List<Measurement> rows = new ArrayList<>();
    try (FileChannel ch =
            FileChannel.open(
                raw, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        PoolSet pools =
            PoolSet.open(
                root.resolve("kiln"),
                new EngineOptions(Clock.systemUTC(), 512L << 20, Duration.ofSeconds(5)))) {
      ch.truncate(SIZE);
      pools.createPool("bench", List.of(), 4L << 30, java.util.Map.of());
      pools
          .engine()
          .createDataset(
              "bench/vol",
              DatasetType.VOLUME,
              PropertyMap.empty()
                  .with(DatasetProperties.VOLSIZE, SIZE)
                  .withText("volblocksize", volBlockSize));
      BlockVolume vol = pools.engine().dataset("bench/vol").volume();
      int bs = vol.logicalBlockSize();
      Io rawWrite = (off, b) -> ch.write(b, off);
      Io rawRead = (off, b) -> ch.read(b, off);
      Io kilnWrite = (off, b) -> vol.write(off / bs, b, false);
      Io kilnRead = (off, b) -> vol.read(off / bs, b);
      int big = (int) (SIZE >> 20);
      // 0x5a compresses to almost nothing (qemu-img bench --pattern); random bytes do not compress
      // at all, so the two data lines bound what compression costs and saves.
      Object[][] lines = {
        {"4 KiB write, data 0x5a", 4096, ops, rawWrite, kilnWrite, true, false},
        {"4 KiB read", 4096, ops, rawRead, kilnRead, false, false},
        {"1 MiB write, data 0x5a", 1 << 20, big, rawWrite, kilnWrite, true, false},
        {"1 MiB read", 1 << 20, big, rawRead, kilnRead, false, false},
        {"4 KiB write, random data", 4096, ops, rawWrite, kilnWrite, true, true},
        {"1 MiB write, random data", 1 << 20, big, rawWrite, kilnWrite, true, true},
      };
      for (Object[] l : lines) {
        if (only != null && !((String) l[0]).contains(only)) {
          continue;
        }
        for (int r = 0; r < repeat; r++) {
          rows.add(
              row(
                  (String) l[0],
                  (int) l[1],
                  (int) l[2],
                  (Io) l[3],
                  (Io) l[4],
                  (boolean) l[5],
                  (boolean) l[6],
                  ch,
                  vol));
        }
      }
    } finally {
      try (var walk = Files.walk(root)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    out.printf(
        "kiln bench volume: %d requests in flight, volblocksize %s, 1 GiB (%s)%n",
        depth, volBlockSize, ByteSizes.format(SIZE));
    Report.print(out, "FileChannel", rows, rows.stream().map(r -> (Double) null).toList());
    out.printf(
        java.util.Locale.ROOT,
        "%n%-48s %14s %14s  (kiln: user, system)%n",
        "process CPU time per request",
        "FileChannel",
        "kiln");
    cpu.forEach(out::println);
    out.flush();
    return 0;
  }

  private final List<String> cpu = new ArrayList<>();

  /**
   * This process's user and system CPU time in clock ticks of 10 ms (proc(5), fields 14 and 15):
   * the system share shows what the kernel spends on the pool file.
   */
  private static long[] cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  private Measurement row(
      String name,
      int size,
      int count,
      Io raw,
      Io kiln,
      boolean write,
      boolean random,
      FileChannel ch,
      BlockVolume vol)
      throws Exception {
    long[] cpu0 = cpuTicks();
    double rawSeconds = run(raw, size, count, random);
    if (write) {
      ch.force(false);
    }
    long[] cpu1 = cpuTicks();
    double kilnSeconds = run(kiln, size, count, random);
    if (write) {
      vol.flush();
    }
    long[] cpu2 = cpuTicks();
    // Both include the flush that makes the writes durable; this process's CPU time only (the
    // kernel's writeback threads are not counted for either).
    cpu.add(
        String.format(
            java.util.Locale.ROOT,
            "%-48s %11.1f us %11.1f us (user %.1f, system %.1f)",
            name,
            (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) * 1e4 / count,
            (cpu2[0] + cpu2[1] - cpu1[0] - cpu1[1]) * 1e4 / count,
            (cpu2[0] - cpu1[0]) * 1e4 / count,
            (cpu2[1] - cpu1[1]) * 1e4 / count));
    boolean small = size == 4096;
    double scale = small ? count : (double) count * size / 1e6;
    return new Measurement(
        name, small ? "IOPS" : "MB/s", scale / rawSeconds, scale / kilnSeconds, true);
  }

  /** {@code count} requests of {@code size} bytes in order, {@link #depth} at a time. */
  private double run(Io io, int size, int count, boolean random) throws Exception {
    AtomicLong next = new AtomicLong();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(depth)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < depth; w++) {
        workers.add(
            pool.submit(
                () -> {
                  byte[] data = new byte[size];
                  Arrays.fill(data, (byte) 0x5a);
                  ByteBuffer b = ByteBuffer.wrap(data);
                  if (random) {
                    // Filled once: each record of a request still differs from the others, and
                    // nothing compresses a record by what another one holds.
                    new java.util.SplittableRandom(size).nextBytes(data);
                  }
                  for (long i; (i = next.getAndIncrement()) < count; ) {
                    b.clear();
                    io.run((i * size) % SIZE, b);
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
