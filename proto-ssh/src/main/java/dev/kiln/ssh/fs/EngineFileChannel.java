package dev.kiln.ssh.fs;

import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.WriteStability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * An open file of the view: positional reads and writes go straight to the engine inode. Writes are
 * unstable; {@link #force} commits them (SFTP fsync@openssh.com, and MINA's sync on close of a
 * written file), so an acknowledged fsync survives a crash.
 *
 * <p>Unlike {@link FileChannel#truncate}, {@link #truncate} here sets the size exactly, growing the
 * file with a hole when asked: SFTP SETSTAT with a size (ftruncate through sshfs) arrives through
 * it and POSIX truncate grows files.
 */
final class EngineFileChannel extends FileChannel {

  private final FileSystem fs;
  private final long inode;
  private final boolean readable;
  private final boolean writable;
  private final boolean append;
  private final String path;
  private long position;

  EngineFileChannel(
      FileSystem fs, long inode, boolean readable, boolean writable, boolean append, String path) {
    this.fs = fs;
    this.inode = inode;
    this.readable = readable;
    this.writable = writable;
    this.append = append;
    this.path = path;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    int n = read(dst, position);
    if (n > 0) {
      position += n;
    }
    return n;
  }

  @Override
  public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      int n = read(dsts[i]);
      if (n <= 0) {
        return total == 0 ? n : total;
      }
      total += n;
      if (dsts[i].hasRemaining()) {
        break;
      }
    }
    return total;
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    if (append) {
      position = size();
    }
    int n = write(src, position);
    position += n;
    return n;
  }

  @Override
  public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public synchronized FileChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    try {
      return fs.getattr(inode).size();
    } catch (IOException e) {
      throw EngineErrors.translate(e, path);
    }
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    ensureOpen();
    if (!writable) {
      throw new NonWritableChannelException();
    }
    try {
      fs.truncate(inode, size);
    } catch (IOException e) {
      throw EngineErrors.translate(e, path);
    }
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    ensureOpen();
    try {
      fs.commit(inode, 0, 0);
    } catch (IOException e) {
      throw EngineErrors.translate(e, path);
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 256 * 1024));
    long done = 0;
    while (done < count) {
      buf.clear().limit((int) Math.min(buf.capacity(), count - done));
      int n = read(buf, position + done);
      if (n <= 0) {
        break;
      }
      buf.flip();
      while (buf.hasRemaining()) {
        target.write(buf);
      }
      done += n;
    }
    return done;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 256 * 1024));
    long done = 0;
    while (done < count) {
      buf.clear().limit((int) Math.min(buf.capacity(), count - done));
      int n = src.read(buf);
      if (n <= 0) {
        break;
      }
      buf.flip();
      done += write(buf, position + done);
    }
    return done;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    ensureOpen();
    if (!readable) {
      throw new NonReadableChannelException();
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    try {
      int n = fs.read(inode, position, dst);
      return n == 0 ? -1 : n;
    } catch (IOException e) {
      throw EngineErrors.translate(e, path);
    }
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    ensureOpen();
    if (!writable) {
      throw new NonWritableChannelException();
    }
    int n = src.remaining();
    try {
      fs.write(inode, position, src, WriteStability.UNSTABLE);
    } catch (IOException e) {
      throw EngineErrors.translate(e, path);
    }
    src.position(src.limit());
    return n;
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw new UnsupportedOperationException("memory-mapping dataset files is not supported");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    throw new UnsupportedOperationException("byte-range locks are not supported over SFTP");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    throw new UnsupportedOperationException("byte-range locks are not supported over SFTP");
  }

  @Override
  protected void implCloseChannel() {
    // Nothing held: the engine has no open state.
  }

  private void ensureOpen() throws IOException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }
}
