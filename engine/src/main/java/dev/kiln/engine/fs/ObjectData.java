package dev.kiln.engine.fs;

import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.block.BlockPointer;
import dev.kiln.engine.block.BlockStore;
import dev.kiln.engine.block.ChecksumMismatchException;
import dev.kiln.engine.objset.DirtyRecords;
import dev.kiln.engine.tree.TreeEntry;
import dev.kiln.engine.tree.TreeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The read side of object data: records of a fixed size per object, each either absent (a hole),
 * preallocated (zeros) or a data extent whose block holds the record's first bytes.
 */
public final class ObjectData {

  private ObjectData() {}

  /**
   * The data block an object-set tree entry references, if any (extents with data do; everything
   * else lives in the tree): what the dataset layer walks when it destroys or rolls back a head.
   */
  public static Optional<BlockPointer> dataBlock(TreeEntry entry) throws CorruptDataException {
    if (entry.key().itemTypeUnsigned() != ItemType.EXTENT) {
      return Optional.empty();
    }
    return Optional.ofNullable(Extent.decode(entry.value()).pointer());
  }

  /** The extent of the record starting at {@code start}, if any. */
  static Extent extent(TreeReader tree, long object, long start) throws IOException {
    Optional<byte[]> v = tree.get(ItemType.key(object, ItemType.EXTENT, start));
    return v.isPresent() ? Extent.decode(v.get()) : null;
  }

  /** The verified bytes of a data extent (exactly {@code e.length()} bytes), as a copy. */
  static byte[] load(BlockStore store, long object, long start, Extent e) throws IOException {
    ByteBuffer b = view(store, object, start, e);
    byte[] out = new byte[e.length()];
    b.get(out);
    return out;
  }

  /** The verified bytes of a data extent as a read-only view (no copy). */
  static ByteBuffer view(BlockStore store, long object, long start, Extent e) throws IOException {
    ByteBuffer b;
    try {
      b = store.read(e.pointer());
    } catch (ChecksumMismatchException ex) {
      throw new CorruptDataException(
          "data of object %d at offset %d failed verification".formatted(object, start), ex);
    }
    if (b.remaining() != e.length()) {
      throw new CorruptDataException(
          "data block of object %d at offset %d holds %d bytes, expected %d"
              .formatted(object, start, b.remaining(), e.length()));
    }
    return b;
  }

  /**
   * Reads {@code min(dst.remaining(), size - offset)} bytes of an object whose records are {@code
   * recordSize} bytes; holes read as zeros. Returns the count read (0 at or past {@code size}).
   */
  public static int read(
      TreeReader tree,
      BlockStore store,
      long object,
      int recordSize,
      long size,
      long offset,
      ByteBuffer dst)
      throws IOException {
    return fill(
        store, plan(tree, store, null, object, recordSize, size, offset, dst.remaining(), -1), dst);
  }

  /**
   * A read found in the tree: which record gives which bytes. Made under the object set's lock;
   * {@link #fill} may then run outside it while the context's {@code blockReaders} is held.
   */
  public static final class ReadPlan {
    private final long object;
    private final List<Piece> pieces;
    private final int total;

    private ReadPlan(long object, List<Piece> pieces, int total) {
      this.object = object;
      this.pieces = pieces;
      this.total = total;
    }

    /** The number of bytes the read returns. */
    public int total() {
      return total;
    }
  }

  /**
   * Plans reading {@code min(length, size - offset)} bytes. Blocks born in {@code openTxg} are read
   * now (they are freed at once when replaced, so they cannot wait for an unlocked fill; they are
   * in the block cache); pass -1 to defer every block to {@link #fill}. Records in {@code dirty}
   * (may be null) are read from there (copied now: they may change after the lock is released).
   */
  public static ReadPlan plan(
      TreeReader tree,
      BlockStore store,
      DirtyRecords dirty,
      long object,
      int recordSize,
      long size,
      long offset,
      int length,
      long openTxg)
      throws IOException {
    if (offset >= size) {
      return new ReadPlan(object, List.of(), 0);
    }
    int total = (int) Math.min(length, size - offset);
    List<Piece> pieces = new ArrayList<>();
    long pos = offset;
    int done = 0;
    while (done < total) {
      long start = pos & -(long) recordSize;
      int in = (int) (pos - start);
      int n = Math.min(recordSize - in, total - done);
      DirtyRecords.Record r = dirty == null ? null : dirty.get(object, start);
      if (r != null) {
        int fromData = Math.max(0, Math.min(n, r.length() - in));
        byte[] copy = new byte[fromData];
        System.arraycopy(r.content(), in, copy, 0, fromData);
        pieces.add(new Piece(start, in, n, null, null, copy));
        pos += n;
        done += n;
        continue;
      }
      Extent e = extent(tree, object, start);
      boolean hasData = e != null && !e.preallocated() && in < e.length();
      ByteBuffer loaded =
          hasData && e.pointer().birthTxg() == openTxg ? view(store, object, start, e) : null;
      pieces.add(new Piece(start, in, n, hasData ? e : null, loaded, null));
      pos += n;
      done += n;
    }
    return new ReadPlan(object, pieces, total);
  }

  /** Copies a planned read into {@code dst}; returns the count read. */
  public static int fill(BlockStore store, ReadPlan plan, ByteBuffer dst) throws IOException {
    long object = plan.object;
    List<Piece> pieces = plan.pieces;
    int base = dst.position();
    if (dst.remaining() < plan.total) {
      throw new IllegalArgumentException(
          "buffer of %d bytes for a read of %d".formatted(dst.remaining(), plan.total));
    }
    // Pieces that need a block read, each with where it goes in dst; the rest is filled now.
    List<Piece> toLoad = new ArrayList<>();
    List<Integer> toLoadAt = new ArrayList<>();
    int at = base;
    for (Piece p : pieces) {
      if (p.copied() != null) {
        dst.put(at, p.copied());
        zeros(dst, at + p.copied().length, p.length() - p.copied().length);
      } else if (p.extent() == null) {
        zeros(dst, at, p.length());
      } else if (p.loaded() != null) {
        copyPiece(p, p.loaded(), dst, at);
      } else {
        toLoad.add(p);
        toLoadAt.add(at);
      }
      at += p.length();
    }
    loadAll(store, object, toLoad, toLoadAt, dst);
    dst.position(base + plan.total);
    return plan.total;
  }

  /**
   * Reads the pieces' blocks into their places in {@code dst}. Several blocks are read by up to
   * {@value #LOAD_GROUPS} concurrent groups of consecutive pieces, so one request keeps more than
   * one device read in flight without a thread per block. (A thread per block, and four groups,
   * cost more CPU than they saved when clients already keep several requests in flight, as iSCSI,
   * SMB and NFS clients do: measured with 32 concurrent 1 MiB volume reads.)
   */
  private static void loadAll(
      BlockStore store, long object, List<Piece> pieces, List<Integer> at, ByteBuffer dst)
      throws IOException {
    int n = pieces.size();
    int groups = Math.min(n, n < 2 * MIN_GROUP ? 1 : LOAD_GROUPS);
    if (groups < 2) {
      loadGroup(store, object, pieces, at, dst, 0, n);
      return;
    }
    List<Future<Void>> loads = new ArrayList<>(groups);
    for (int g = 1; g < groups; g++) {
      int from = n * g / groups;
      int to = n * (g + 1) / groups;
      loads.add(
          READERS.submit(
              () -> {
                loadGroup(store, object, pieces, at, dst, from, to);
                return null;
              }));
    }
    try {
      loadGroup(store, object, pieces, at, dst, 0, n / groups);
    } catch (IOException | RuntimeException e) {
      drain(loads);
      throw e;
    }
    for (int g = 0; g < loads.size(); g++) {
      await(loads, g);
    }
  }

  /**
   * Loads pieces {@code [from, to)}: whole records with one {@link BlockStore#readAllInto} (blocks
   * adjacent on a device are fetched together) straight into {@code dst}, parts of records through
   * the block cache, since the rest of such a record is likely wanted next.
   */
  private static void loadGroup(
      BlockStore store,
      long object,
      List<Piece> pieces,
      List<Integer> at,
      ByteBuffer dst,
      int from,
      int to)
      throws IOException {
    List<BlockPointer> whole = new ArrayList<>(to - from);
    List<ByteBuffer> targets = new ArrayList<>(to - from);
    List<Piece> wholePieces = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Piece p = pieces.get(i);
      Extent e = p.extent();
      int fromData = Math.min(p.length(), e.length() - p.in());
      if (p.in() == 0 && fromData == e.length() && e.pointer().logicalSize() == e.length()) {
        whole.add(e.pointer());
        targets.add(dst.slice(at.get(i), fromData));
        wholePieces.add(p);
        zeros(dst, at.get(i) + fromData, p.length() - fromData);
      } else {
        copyPiece(p, view(store, object, p.start(), e), dst, at.get(i));
      }
    }
    try {
      store.readAllInto(whole, targets);
    } catch (ChecksumMismatchException ex) {
      long start = -1;
      for (Piece p : wholePieces) {
        if (p.extent().pointer().equals(ex.pointer())) {
          start = p.start();
        }
      }
      throw new CorruptDataException(
          "data of object %d at offset %d failed verification".formatted(object, start), ex);
    }
  }

  /** Copies a piece's bytes of its verified block {@code data} into {@code dst} at {@code at}. */
  private static void copyPiece(Piece p, ByteBuffer data, ByteBuffer dst, int at) {
    int fromData = Math.min(p.length(), p.extent().length() - p.in());
    dst.put(at, data, data.position() + p.in(), fromData);
    zeros(dst, at + fromData, p.length() - fromData);
  }

  /** Concurrent block reads of one request at most (groups of consecutive records). */
  private static final int LOAD_GROUPS = 2;

  /** Blocks per group at least: fewer are read by the caller alone. */
  private static final int MIN_GROUP = 4;

  /**
   * One record's part of a read: {@code length} bytes from {@code in}; no extent reads zeros;
   * {@code loaded} holds the block when it was read while planning; {@code copied} holds the
   * piece's leading bytes taken from a dirty record (the rest reads as zeros).
   */
  private record Piece(
      long start, int in, int length, Extent extent, ByteBuffer loaded, byte[] copied) {}

  /** Virtual threads for concurrent block reads (they need no shutdown). */
  private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

  /** Waits for load {@code i}; on failure, waits for the other loads before throwing. */
  private static void await(List<Future<Void>> loads, int i) throws IOException {
    try {
      loads.get(i).get();
    } catch (ExecutionException e) {
      drain(loads);
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("block read failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drain(loads);
      throw new java.io.InterruptedIOException("interrupted while reading data blocks");
    }
  }

  /** Waits (uninterruptibly) for every started load, so none outlives the caller's lock. */
  private static void drain(List<Future<Void>> loads) {
    for (Future<Void> f : loads) {
      if (f == null) {
        continue;
      }
      boolean interrupted = false;
      while (true) {
        try {
          f.get();
          break;
        } catch (ExecutionException e) {
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final byte[] ZEROS = new byte[64 * 1024];

  private static void zeros(ByteBuffer dst, int at, int n) {
    for (int left = n, to = at; left > 0; ) {
      int k = Math.min(left, ZEROS.length);
      dst.put(to, ZEROS, 0, k);
      left -= k;
      to += k;
    }
  }
}
