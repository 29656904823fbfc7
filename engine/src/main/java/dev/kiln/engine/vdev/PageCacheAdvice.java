package dev.kiln.engine.vdev;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Read-ahead hints to the operating system's page cache for one file or block device: {@code
 * posix_fadvise(POSIX_FADV_WILLNEED)} (POSIX.1-2008) on a descriptor of its own, reached through
 * the foreign function API. The kernel starts reading the range into its page cache and returns
 * without waiting or copying anything into the process, where a read into a scratch buffer copied
 * every byte once more only to throw it away. The page cache belongs to the file, not the
 * descriptor, so the pool's own channel then finds the pages there.
 *
 * <p>Linux only; everywhere else, or when native access is refused, {@link #open} answers null and
 * the caller reads ahead itself.
 */
final class PageCacheAdvice implements AutoCloseable {

  private static final int O_RDONLY = 0;
  private static final int POSIX_FADV_WILLNEED = 3;

  private static final MethodHandle OPEN;
  private static final MethodHandle FADVISE;
  private static final MethodHandle CLOSE;

  static {
    MethodHandle open = null;
    MethodHandle fadvise = null;
    MethodHandle close = null;
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      try {
        // int open(const char *path, int flags, ... /* mode_t mode */)
        open =
            downcall(
                "open",
                FunctionDescriptor.of(
                    ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        // int posix_fadvise(int fd, off_t offset, off_t len, int advice): 0 or an error number
        fadvise =
            downcall(
                "posix_fadvise",
                FunctionDescriptor.of(
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT));
        close =
            downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      } catch (RuntimeException | Error e) {
        // native access refused (--illegal-native-access=deny) or no such symbols: no hints
        open = null;
        fadvise = null;
        close = null;
      }
    }
    OPEN = open;
    FADVISE = fadvise;
    CLOSE = close;
  }

  /**
   * A handle on the C library's {@code name} (a restricted method: the JVM runs with native
   * access).
   */
  @SuppressWarnings("restricted")
  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    Linker linker = Linker.nativeLinker();
    SymbolLookup libc = linker.defaultLookup();
    return linker.downcallHandle(libc.find(name).orElseThrow(), descriptor, options);
  }

  private final Object lock = new Object();
  private int fd;

  private PageCacheAdvice(int fd) {
    this.fd = fd;
  }

  /** A read-only descriptor of {@code path} for hints, or null where hints are not available. */
  static PageCacheAdvice open(Path path) {
    if (OPEN == null) {
      return null;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment name = arena.allocateFrom(path.toAbsolutePath().toString());
      int fd = (int) OPEN.invokeExact(name, O_RDONLY, 0);
      return fd < 0 ? null : new PageCacheAdvice(fd);
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * Asks the kernel to start reading {@code [offset, offset + length)} into the page cache; returns
   * whether it accepted (false after {@link #close} or on any error: it is only a hint).
   */
  boolean willNeed(long offset, long length) {
    synchronized (lock) {
      // Under the lock only so that a concurrent close cannot hand the number to another file.
      if (fd < 0 || offset < 0 || length <= 0) {
        return false;
      }
      try {
        return (int) FADVISE.invokeExact(fd, offset, length, POSIX_FADV_WILLNEED) == 0;
      } catch (Throwable e) {
        return false;
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (fd >= 0) {
        try {
          int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
          // closing a read-only descriptor: nothing to recover
        }
        fd = -1;
      }
    }
  }
}
