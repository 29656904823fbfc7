package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a server process from {@code /proc}: on a shared machine steadier than rates. */
final class ProcessCpu {

  /** Clock ticks per second of /proc/PID/stat times (USER_HZ, 100 on Linux). */
  static final double TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** User plus system CPU time of process {@code pid}, in clock ticks (proc(5): fields 14, 15). */
  static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Microseconds of CPU per operation for {@code ticks} spent on {@code operations}. */
  static double microsPerOperation(long ticks, long operations) {
    return ticks * 1e6 / TICKS_PER_SECOND / Math.max(1, operations);
  }
}
