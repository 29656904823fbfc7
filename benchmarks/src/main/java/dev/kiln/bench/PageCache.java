package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Drops the kernel page cache so reads come from the disk ("cold cache"), when allowed. */
final class PageCache {

  private static final Path DROP = Path.of("/proc/sys/vm/drop_caches");

  private PageCache() {}

  /** Returns whether the cache was dropped (root only); otherwise reads are warm and say so. */
  static boolean drop() {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      Files.writeString(DROP, "3\n");
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
