package dev.kiln.testkit.model;

import dev.kiln.engine.api.fs.XattrSetMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A seeded generator of random operation sequences over a small namespace (names a..e, depth up to
 * 3), so operations often hit existing objects and often collide: both successes and every common
 * error status occur. The same seed always gives the same sequence.
 */
public final class RandomFileSystemOperations {

  private static final String[] NAMES = {"a", "b", "c", "d", "e"};
  private static final String[] XATTRS = {"user.x", "user.y"};

  private final long seed;
  private final SplittableRandom random;

  /** A generator for {@code seed}. */
  public RandomFileSystemOperations(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The seed, for failure messages. */
  public long seed() {
    return seed;
  }

  /** The next {@code count} operations. */
  public List<FsOperation> generate(int count) {
    List<FsOperation> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(next());
    }
    return ops;
  }

  /** One more operation. */
  public FsOperation next() {
    int pick = random.nextInt(100);
    String p = path();
    if (pick < 14) {
      return new FsOperation.Create(p);
    } else if (pick < 24) {
      return new FsOperation.Mkdir(p);
    } else if (pick < 40) {
      return new FsOperation.Write(p, offset(), random.nextInt(1, 9000), random.nextLong());
    } else if (pick < 47) {
      return new FsOperation.Read(p, offset(), random.nextInt(1, 9000));
    } else if (pick < 53) {
      return new FsOperation.Truncate(p, random.nextInt(4) == 0 ? 0 : offset());
    } else if (pick < 61) {
      return new FsOperation.Rename(p, path());
    } else if (pick < 66) {
      return new FsOperation.Link(p, path());
    } else if (pick < 73) {
      return new FsOperation.Unlink(p);
    } else if (pick < 78) {
      return new FsOperation.Rmdir(p);
    } else if (pick < 81) {
      return new FsOperation.Chmod(p, random.nextInt(01000));
    } else if (pick < 84) {
      return new FsOperation.SetXattr(
          p, xattr(), random.nextLong(), XattrSetMode.values()[random.nextInt(3)]);
    } else if (pick < 86) {
      return new FsOperation.GetXattr(p, xattr());
    } else if (pick < 88) {
      return new FsOperation.RemoveXattr(p, xattr());
    } else if (pick < 91) {
      return new FsOperation.PunchHole(p, offset(), random.nextInt(1, 20_000));
    } else if (pick < 93) {
      return new FsOperation.Allocate(p, offset(), random.nextInt(1, 20_000), random.nextBoolean());
    } else if (pick < 95) {
      return new FsOperation.Symlink(p, "target-" + random.nextInt(10));
    } else {
      return new FsOperation.Stat(p);
    }
  }

  private String path() {
    int roll = random.nextInt(100);
    int depth = roll < 50 ? 1 : roll < 85 ? 2 : 3;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append('/').append(NAMES[random.nextInt(NAMES.length)]);
    }
    return sb.toString();
  }

  private long offset() {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> random.nextInt(8192);
      case 2 -> random.nextInt(70_000);
      default -> random.nextInt(1 << 20);
    };
  }

  private String xattr() {
    return XATTRS[random.nextInt(XATTRS.length)];
  }

  /** A seed from {@code -Dkiln.random.seed}, or {@code fallback} (fixed seeds keep CI stable). */
  public static long seedFromProperty(long fallback) {
    String s = System.getProperty("kiln.random.seed");
    return s == null || s.isBlank() ? fallback : Long.parseLong(s.strip());
  }

  /** An operation count from {@code -Dkiln.random.iterations}, or {@code fallback}. */
  public static int iterationsFromProperty(int fallback) {
    String s = System.getProperty("kiln.random.iterations");
    return s == null || s.isBlank() ? fallback : Integer.parseInt(s.strip());
  }

  /** A fresh random seed (for soak runs that print it). */
  public static long randomSeed() {
    return new Random().nextLong();
  }
}
