package dev.kiln.iscsi.scsi;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.block.ProvisioningRun;
import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.iscsi.scsi.CommandTable.Command;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A SCSI direct-access block device (SBC-3) over a {@link BlockVolume}: decodes CDBs, checks ranges
 * and reservations, moves data, and turns every failure into the sense data SBC-3/SPC-4 prescribe.
 * Thread-safe: commands from any number of sessions run concurrently; COMPARE AND WRITE excludes
 * other writes for its duration (SBC-3 §5.2).
 */
public final class LogicalUnit {

  /** Reads and writes up to this size run on the connection's reader (see {@link #quick}). */
  static final int QUICK_BYTES = 64 << 10;

  private final BlockVolume volume;
  private final UnitIdentity identity;
  private final UnitAttentions attentions = new UnitAttentions();
  private final Reservations reservations = new Reservations(attentions);
  private final ModePages modes = new ModePages();
  private final ReentrantReadWriteLock atomic = new ReentrantReadWriteLock();
  private final WriteCombiner combiner;
  private final DataInBuffers dataIn = new DataInBuffers();
  private final int blockSize;
  // Follows the volume: a changed count is noticed by the next command (CAPACITY DATA HAS CHANGED).
  private volatile long blockCount;

  /** A unit exporting {@code volume} with {@code identity}. */
  public LogicalUnit(BlockVolume volume, UnitIdentity identity) {
    this.volume = volume;
    this.identity = identity;
    this.blockSize = volume.logicalBlockSize();
    this.blockCount = volume.blockCount();
    this.combiner = new WriteCombiner(volume, atomic.readLock());
  }

  /** The volume behind this unit. */
  public BlockVolume volume() {
    return volume;
  }

  /**
   * A LUN reset (or a target reset) requested through {@code from} (SAM-5 §7.9): clears the
   * RESERVE(6) reservation and tells every other nexus BUS DEVICE RESET FUNCTION OCCURRED.
   */
  public void reset(Nexus from) {
    reservations.resetLegacy(null);
    attentions.establishAllExcept(from.initiatorPort(), UnitAttentions.DEVICE_RESET);
  }

  /**
   * A new I_T nexus (a session logged in): its first command other than INQUIRY, REPORT LUNS or
   * REQUEST SENSE reports POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (SAM-5 §5.14, §6.3), as tgt
   * and LIO do; initiators (libiscsi, Linux, qemu) expect it after a login.
   */
  public void nexusJoined(Nexus nexus) {
    attentions.joined(nexus.initiatorPort());
  }

  /**
   * The loss of an I_T nexus releases its RESERVE(6) reservation (SPC-2 §5.5.1) and forgets its
   * unit attentions.
   */
  public void nexusLost(Nexus nexus) {
    reservations.resetLegacy(nexus.initiatorPort());
    attentions.lost(nexus.initiatorPort());
  }

  /** How many unit attention conditions wait for {@code nexus}. */
  public int pendingAttentions(Nexus nexus) {
    return attentions.pendingFor(nexus.initiatorPort());
  }

  /** Runs one command; never throws for a command-level failure. */
  public ScsiResponse execute(ScsiRequest req) {
    try {
      return dispatch(req, req.cdb(), null);
    } catch (CheckCondition | ReservationConflict | IOException | RuntimeException e) {
      return failure(e);
    }
  }

  /**
   * Runs one command and hands its response to {@code sink}: at once for most commands, later (on
   * the write gatherer's thread) for small writes, so a connection's reader need not wait for them.
   * Never throws for a command-level failure; {@code sink.flush()} follows every response.
   */
  public void execute(ScsiRequest req, ResponseSink sink) {
    ScsiResponse response;
    try {
      response = dispatch(req, req.cdb(), sink);
    } catch (CheckCondition | ReservationConflict | IOException | RuntimeException e) {
      response = failure(e);
    }
    if (response != null) {
      sink.respond(response);
      sink.flush();
    }
  }

  /**
   * Writes the gathered small writes submitted by a caller that drains them itself ({@link
   * ResponseSink#drainedByCaller()}), and answers them, on the calling thread.
   */
  public void drainWrites() {
    combiner.drainHere();
  }

  /**
   * Hands back the buffer of a response once the transport has written it (or dropped it): large
   * READ data lives in reusable direct buffers.
   */
  public void recycle(ScsiResponse response) {
    dataIn.release(response.dataIn());
  }

  /**
   * Whether {@code cdb} is a READ or WRITE of at most {@value #QUICK_BYTES} bytes: such a command
   * is cheap enough (a read from the block cache, a queued write) to run on the connection's
   * reader.
   */
  public boolean quick(byte[] cdb) {
    long blocks =
        switch (Cdb.u8(cdb, 0)) {
          case 0x08, 0x0a -> len6(cdb);
          case 0x28, 0x2a -> Cdb.u16(cdb, 7);
          case 0xa8, 0xaa -> Cdb.u32(cdb, 6);
          case 0x88, 0x8a -> cdb.length >= 16 ? Cdb.u32(cdb, 10) : Long.MAX_VALUE;
          default -> Long.MAX_VALUE;
        };
    return blocks <= QUICK_BYTES / blockSize;
  }

  /** The response for a command that failed with {@code e}: the sense data SBC-3 prescribes. */
  static ScsiResponse failure(Exception e) {
    return switch (e) {
      case CheckCondition c -> ScsiResponse.check(c.sense());
      case ReservationConflict r -> ScsiResponse.status(ScsiStatus.RESERVATION_CONFLICT);
      case ReadOnlyFileSystemException r -> ScsiResponse.check(SenseData.writeProtected());
      case CorruptDataException c -> ScsiResponse.check(SenseData.unrecoveredRead());
      // SPACE ALLOCATION FAILED WRITE PROTECT (27/07), SBC-3 §4.7.3.7.
      case NoSpaceException n ->
          ScsiResponse.check(SenseData.of(SenseData.DATA_PROTECT, 0x27, 0x07));
      case QuotaExceededException q ->
          ScsiResponse.check(SenseData.of(SenseData.DATA_PROTECT, 0x27, 0x07));
      case InvalidArgumentException i -> ScsiResponse.check(SenseData.lbaOutOfRange());
      // INTERNAL TARGET FAILURE (44/00).
      default -> ScsiResponse.check(SenseData.of(SenseData.HARDWARE_ERROR, 0x44, 0x00));
    };
  }

  /** Runs a command; null when {@code sink} will receive the response later. */
  private ScsiResponse dispatch(ScsiRequest req, byte[] cdb, ResponseSink sink)
      throws CheckCondition, ReservationConflict, IOException {
    int opcode = Cdb.u8(cdb, 0);
    noticeCapacity();
    if (opcode != 0x12 && opcode != 0xa0 && opcode != 0x03) {
      // SAM-5 §5.14: any other command reports (and so clears) the oldest unit attention first;
      // INQUIRY and REPORT LUNS neither report nor clear one, REQUEST SENSE returns it as data.
      SenseData ua = attentions.take(req.nexus().initiatorPort());
      if (ua != null) {
        throw new CheckCondition(ua);
      }
    }
    int sa = CommandTable.hasServiceAction(opcode) ? Cdb.u8(cdb, 1) & 0x1f : -1;
    Command command = CommandTable.find(opcode, sa);
    if (command == null) {
      if (opcode == 0x9e || opcode == 0xa3 || opcode == 0x5e || opcode == 0x5f) {
        throw new CheckCondition(SenseData.invalidFieldInCdb(1));
      }
      throw new CheckCondition(SenseData.invalidOpcode());
    }
    if (cdb.length < command.cdbLength()) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(0));
    }
    if ((Cdb.u8(cdb, command.cdbLength() - 1) & 0x04) != 0) {
      // NACA: auto contingent allegiance is not supported (SAM-5 §5.9).
      throw new CheckCondition(SenseData.invalidFieldInCdb(command.cdbLength() - 1));
    }
    boolean legacyExempt =
        opcode == 0x12 || opcode == 0xa0 || opcode == 0x17 || opcode == 0x03 || opcode == 0x5e;
    reservations.check(req.nexus(), command.access(), legacyExempt);
    return switch (opcode) {
      case 0x00 -> ScsiResponse.good();
      case 0x03 -> requestSense(req.nexus(), cdb);
      case 0x12 -> inquiry(cdb);
      case 0xa0 -> throw new IllegalStateException("REPORT LUNS is answered by the target");
      case 0x25 -> readCapacity10(cdb);
      case 0x9e -> sa == 0x12 ? getLbaStatus(cdb) : readCapacity16(cdb);
      case 0x08 -> read(req, Cdb.u24(cdb, 1) & 0x1fffff, len6(cdb), false);
      case 0x28 -> read(req, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7), true);
      case 0xa8 -> read(req, Cdb.u32(cdb, 2), Cdb.u32(cdb, 6), true);
      case 0x88 -> read(req, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10), true);
      case 0x0a -> write(req, Cdb.u24(cdb, 1) & 0x1fffff, len6(cdb), false, false, sink);
      case 0x2a -> write(req, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7), true, false, sink);
      case 0xaa -> write(req, Cdb.u32(cdb, 2), Cdb.u32(cdb, 6), true, false, sink);
      case 0x8a -> write(req, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10), true, false, sink);
      case 0x2e -> write(req, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7), true, true, sink);
      case 0xae -> write(req, Cdb.u32(cdb, 2), Cdb.u32(cdb, 6), true, true, sink);
      case 0x8e -> write(req, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10), true, true, sink);
      case 0x2f -> verify(req, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7));
      case 0xaf -> verify(req, Cdb.u32(cdb, 2), Cdb.u32(cdb, 6));
      case 0x8f -> verify(req, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10));
      case 0x35 -> synchronize(Cdb.u32(cdb, 2), Cdb.u16(cdb, 7));
      case 0x91 -> synchronize(Cdb.u64(cdb, 2), Cdb.u32(cdb, 10));
      case 0x41 -> writeSame(req, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7));
      case 0x93 -> writeSame(req, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10));
      case 0x42 -> unmap(req);
      case 0x8b -> orWrite(req);
      case 0x34 -> prefetch(Cdb.u32(cdb, 2), Cdb.u16(cdb, 7));
      case 0x90 -> prefetch(Cdb.u64(cdb, 2), Cdb.u32(cdb, 10));
      case 0x89 -> compareAndWrite(req);
      case 0x1a -> modeSense(cdb, false);
      case 0x5a -> modeSense(cdb, true);
      case 0x15 -> modeSelect(req, false);
      case 0x55 -> modeSelect(req, true);
      case 0x1b, 0x1e -> ScsiResponse.good();
      case 0x16 -> {
        reservations.reserve6(req.nexus());
        yield ScsiResponse.good();
      }
      case 0x17 -> {
        reservations.release6(req.nexus());
        yield ScsiResponse.good();
      }
      case 0x5e -> persistentReserveIn(cdb);
      case 0x5f -> persistentReserveOut(req);
      case 0xa3 -> reportSupportedOpcodes(cdb);
      default -> throw new CheckCondition(SenseData.invalidOpcode());
    };
  }

  private static long len6(byte[] cdb) {
    int n = Cdb.u8(cdb, 4);
    // SBC-3 §5.15: a transfer length of zero in READ(6)/WRITE(6) means 256 blocks.
    return n == 0 ? 256 : n;
  }

  /**
   * REQUEST SENSE (SPC-4 §6.39): no sense data is kept between commands (autosense), so it returns
   * a pending unit attention, which clears it (SAM-5 §5.14), or NO SENSE.
   */
  private ScsiResponse requestSense(Nexus nexus, byte[] cdb) throws CheckCondition {
    SenseData ua = attentions.take(nexus.initiatorPort());
    SenseData sense = ua != null ? ua : SenseData.of(SenseData.NO_SENSE, 0, 0);
    if ((Cdb.u8(cdb, 1) & 0x01) != 0) {
      // Descriptor format (DESC=1, §4.5.2): response code 0x72, key and codes, no descriptors.
      byte[] d = new byte[8];
      d[0] = 0x72;
      d[1] = (byte) sense.key();
      d[2] = (byte) sense.asc();
      d[3] = (byte) sense.ascq();
      return ScsiResponse.good(d, Cdb.u8(cdb, 4));
    }
    return ScsiResponse.good(sense.encode(), Cdb.u8(cdb, 4));
  }

  /**
   * Notices a changed volume size (a volsize change through the API): the unit follows it and every
   * nexus is told CAPACITY DATA HAS CHANGED (SBC-3 §4.6, SPC-4 §5.14).
   */
  private void noticeCapacity() {
    long now = volume.blockCount();
    if (now != blockCount) {
      synchronized (attentions) {
        if (now != blockCount) {
          blockCount = now;
          attentions.establishAllExcept(null, UnitAttentions.CAPACITY_CHANGED);
        }
      }
    }
  }

  private ScsiResponse inquiry(byte[] cdb) throws CheckCondition {
    int alloc = Cdb.u16(cdb, 3);
    boolean evpd = (Cdb.u8(cdb, 1) & 0x01) != 0;
    if ((Cdb.u8(cdb, 1) & 0x02) != 0) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
    if (!evpd) {
      if (Cdb.u8(cdb, 2) != 0) {
        throw new CheckCondition(SenseData.invalidFieldInCdb(2));
      }
      return ScsiResponse.good(InquiryPages.standard(true), alloc);
    }
    byte[] page = InquiryPages.page(Cdb.u8(cdb, 2), identity, blockCount, blockSize);
    if (page == null) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
    return ScsiResponse.good(page, alloc);
  }

  private ScsiResponse readCapacity10(byte[] cdb) throws CheckCondition {
    if ((Cdb.u8(cdb, 8) & 0x01) == 0 && Cdb.u32(cdb, 2) != 0) {
      // SBC-3 §5.16: without PMI the LBA must be zero.
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
    byte[] b = new byte[8];
    long last = blockCount - 1;
    Cdb.put32(b, 0, last > 0xffffffffL ? 0xffffffffL : last);
    Cdb.put32(b, 4, blockSize);
    return ScsiResponse.good(b, 8);
  }

  private ScsiResponse readCapacity16(byte[] cdb) throws CheckCondition {
    byte[] b = new byte[32];
    Cdb.put64(b, 0, blockCount - 1);
    Cdb.put32(b, 8, blockSize);
    // LBPME (thin provisioning), LBPRZ (unmapped blocks read as zeros), SBC-3 §5.17.
    b[14] = (byte) 0xc0;
    return ScsiResponse.good(b, (int) Math.min(Cdb.u32(cdb, 10), b.length));
  }

  /** Descriptors one GET LBA STATUS returns at most, whatever the allocation length. */
  private static final int MAX_LBA_STATUS_DESCRIPTORS = 64;

  /**
   * GET LBA STATUS (SBC-3 §5.16): runs of mapped and deallocated blocks from the starting LBA, one
   * 16-byte descriptor each (§6.5.1 provisioning status 0 mapped, 1 deallocated), as many as the
   * allocation length holds; the volume may end a run early and a later descriptor continues it.
   */
  private ScsiResponse getLbaStatus(byte[] cdb) throws CheckCondition, IOException {
    long lba = Cdb.u64(cdb, 2);
    long alloc = Cdb.u32(cdb, 10);
    if (lba < 0 || lba >= blockCount) {
      throw new CheckCondition(SenseData.lbaOutOfRange());
    }
    if (alloc == 0) {
      return ScsiResponse.good();
    }
    int wanted = (int) Math.max(1, Math.min(MAX_LBA_STATUS_DESCRIPTORS, (alloc - 8) / 16));
    List<long[]> runs = new ArrayList<>();
    for (long at = lba; at < blockCount && runs.size() < wanted; ) {
      ProvisioningRun run = volume.provisioning(at, Math.min(blockCount - at, 0xffffffffL));
      runs.add(new long[] {at, run.blocks(), run.mapped() ? 0 : 1});
      at += run.blocks();
    }
    byte[] b = new byte[8 + 16 * runs.size()];
    Cdb.put32(b, 0, b.length - 4L);
    for (int i = 0; i < runs.size(); i++) {
      long[] r = runs.get(i);
      Cdb.put64(b, 8 + 16 * i, r[0]);
      Cdb.put32(b, 16 + 16 * i, r[1]);
      b[20 + 16 * i] = (byte) r[2];
    }
    return ScsiResponse.good(b, (int) Math.min(alloc, b.length));
  }

  private void checkRange(long lba, long count) throws CheckCondition {
    if (lba < 0 || count < 0 || lba > blockCount || count > blockCount - lba) {
      throw new CheckCondition(SenseData.lbaOutOfRange());
    }
  }

  private static void checkProtect(byte[] cdb, boolean hasProtect) throws CheckCondition {
    // RDPROTECT/WRPROTECT/VRPROTECT: no protection information is stored (SBC-3 §4.22).
    if (hasProtect && (Cdb.u8(cdb, 1) & 0xe0) != 0) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
  }

  private int transferBytes(long blocks) throws CheckCondition {
    if (blocks * blockSize > InquiryPages.MAX_TRANSFER_BYTES) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(0));
    }
    return (int) (blocks * blockSize);
  }

  private ScsiResponse read(ScsiRequest req, long lba, long blocks, boolean hasProtect)
      throws CheckCondition, IOException {
    checkProtect(req.cdb(), hasProtect);
    checkRange(lba, blocks);
    int bytes = transferBytes(blocks);
    if (bytes == 0) {
      return ScsiResponse.good();
    }
    ByteBuffer data = bytes > QUICK_BYTES ? dataIn.acquire(bytes) : ByteBuffer.allocate(bytes);
    try {
      volume.read(lba, data.duplicate());
    } catch (IOException | RuntimeException e) {
      dataIn.release(data);
      throw e;
    }
    return ScsiResponse.good(data);
  }

  private ScsiResponse write(
      ScsiRequest req,
      long lba,
      long blocks,
      boolean hasFlags,
      boolean andVerify,
      ResponseSink sink)
      throws CheckCondition, IOException {
    byte[] cdb = req.cdb();
    checkProtect(cdb, hasFlags);
    checkRange(lba, blocks);
    int bytes = transferBytes(blocks);
    ByteBuffer data = req.dataOut();
    if (data.remaining() < bytes) {
      // The initiator sent less than the CDB asks for: only the whole blocks it sent are written
      // and the transport reports the overflow (RFC 7143 §11.4.5.1).
      bytes = data.remaining() - data.remaining() % blockSize;
    }
    if (bytes == 0) {
      return ScsiResponse.good();
    }
    boolean fua = andVerify || (hasFlags && (Cdb.u8(cdb, 1) & 0x08) != 0);
    ByteBuffer slice = data.duplicate().limit(data.position() + bytes);
    boolean durable = fua || !modes.writeCache();
    if (sink != null && bytes <= QUICK_BYTES) {
      // Small writes gather (adjacent ones merge into one volume write); the caller goes on.
      combiner.submit(lba, slice, durable, sink);
      return null;
    }
    // Large writes go straight to the volume on the caller's thread: the engine compresses and
    // checksums whole records before its lock, so several of them encode on every core at once.
    atomic.readLock().lock();
    try {
      volume.write(lba, slice, durable);
    } finally {
      atomic.readLock().unlock();
    }
    return ScsiResponse.good();
  }

  private ScsiResponse verify(ScsiRequest req, long lba, long blocks)
      throws CheckCondition, IOException {
    byte[] cdb = req.cdb();
    checkProtect(cdb, true);
    int bytchk = (Cdb.u8(cdb, 1) >> 1) & 0x03;
    checkRange(lba, blocks);
    int bytes = transferBytes(blocks);
    if (bytes == 0) {
      return ScsiResponse.good();
    }
    ByteBuffer medium = ByteBuffer.allocate(bytes);
    volume.read(lba, medium.duplicate());
    if (bytchk == 0) {
      // Medium verification only: the engine checked every block's checksum on the read.
      return ScsiResponse.good();
    }
    if (bytchk == 2) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
    ByteBuffer data = req.dataOut();
    int expect = bytchk == 1 ? bytes : blockSize;
    if (data.remaining() < expect) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(7));
    }
    for (int i = 0; i < bytes; i++) {
      int j = bytchk == 1 ? i : i % blockSize;
      if (medium.get(i) != data.get(data.position() + j)) {
        throw new CheckCondition(SenseData.miscompare(i));
      }
    }
    return ScsiResponse.good();
  }

  private ScsiResponse synchronize(long lba, long blocks) throws CheckCondition, IOException {
    checkRange(lba, blocks);
    if (!volume.readOnly()) {
      volume.flush();
    }
    return ScsiResponse.good();
  }

  private ScsiResponse writeSame(ScsiRequest req, long lba, long blocks)
      throws CheckCondition, IOException {
    byte[] cdb = req.cdb();
    checkProtect(cdb, true);
    int flags = Cdb.u8(cdb, 1);
    boolean unmap = (flags & 0x08) != 0;
    boolean ndob = cdb.length >= 16 && Cdb.u8(cdb, 0) == 0x93 && (flags & 0x01) != 0;
    if ((flags & 0x10) != 0) {
      // ANCHOR is not supported (SBC-3 §5.45).
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
    if (blocks == 0 || blocks > InquiryPages.MAX_WRITE_SAME) {
      // WSNZ is set in the block limits page: zero blocks is refused, as is more than reported.
      throw new CheckCondition(SenseData.invalidFieldInCdb(Cdb.u8(cdb, 0) == 0x93 ? 10 : 7));
    }
    checkRange(lba, blocks);
    ByteBuffer block;
    if (ndob) {
      block = ByteBuffer.allocate(blockSize);
    } else {
      ByteBuffer data = req.dataOut();
      if (data.remaining() < blockSize) {
        throw new CheckCondition(SenseData.invalidFieldInCdb(Cdb.u8(cdb, 0) == 0x93 ? 10 : 7));
      }
      block = data.duplicate().limit(data.position() + blockSize);
    }
    atomic.readLock().lock();
    try {
      if (unmap && isZero(block)) {
        volume.unmap(lba, blocks);
      } else {
        volume.writeSame(lba, blocks, block);
      }
    } finally {
      atomic.readLock().unlock();
    }
    if (!modes.writeCache()) {
      volume.flush();
    }
    return ScsiResponse.good();
  }

  private static boolean isZero(ByteBuffer b) {
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private ScsiResponse unmap(ScsiRequest req) throws CheckCondition, IOException {
    byte[] cdb = req.cdb();
    if ((Cdb.u8(cdb, 1) & 0x01) != 0) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
    int paramLen = Cdb.u16(cdb, 7);
    if (paramLen == 0) {
      return ScsiResponse.good();
    }
    byte[] p = bytes(req.dataOut(), paramLen);
    if (paramLen < 8 || p.length < paramLen) {
      throw new CheckCondition(SenseData.parameterListLength());
    }
    int descLen = Cdb.u16(p, 2);
    int count = Math.min(descLen, paramLen - 8) / 16;
    if (count > InquiryPages.MAX_UNMAP_DESCRIPTORS) {
      throw new CheckCondition(SenseData.invalidFieldInParameters(2));
    }
    long[][] ranges = new long[count][];
    for (int i = 0; i < count; i++) {
      long lba = Cdb.u64(p, 8 + 16 * i);
      long n = Cdb.u32(p, 16 + 16 * i);
      if (n > InquiryPages.MAX_UNMAP_BLOCKS) {
        throw new CheckCondition(SenseData.invalidFieldInParameters(16 + 16 * i));
      }
      checkRange(lba, n);
      ranges[i] = new long[] {lba, n};
    }
    atomic.readLock().lock();
    try {
      for (long[] r : ranges) {
        if (r[1] > 0) {
          volume.unmap(r[0], r[1]);
        }
      }
    } finally {
      atomic.readLock().unlock();
    }
    return ScsiResponse.good();
  }

  /**
   * PRE-FETCH (SBC-3 §5.10): the range is checked; the engine's block cache fills on demand, so
   * GOOD (not CONDITION MET) says nothing was promised to stay cached.
   */
  private ScsiResponse prefetch(long lba, long blocks) throws CheckCondition {
    checkRange(lba, blocks);
    return ScsiResponse.good();
  }

  /** ORWRITE(16) (SBC-3 §5.9): each block becomes the OR of its content and the data-out. */
  private ScsiResponse orWrite(ScsiRequest req) throws CheckCondition, IOException {
    byte[] cdb = req.cdb();
    checkProtect(cdb, true);
    long lba = Cdb.u64(cdb, 2);
    long blocks = Cdb.u32(cdb, 10);
    checkRange(lba, blocks);
    int bytes = transferBytes(blocks);
    ByteBuffer data = req.dataOut();
    if (data.remaining() < bytes) {
      bytes = data.remaining() - data.remaining() % blockSize;
    }
    if (bytes == 0) {
      return ScsiResponse.good();
    }
    boolean fua = (Cdb.u8(cdb, 1) & 0x08) != 0;
    atomic.writeLock().lock();
    try {
      ByteBuffer merged = ByteBuffer.allocate(bytes);
      volume.read(lba, merged.duplicate());
      for (int i = 0; i < bytes; i++) {
        merged.put(i, (byte) (merged.get(i) | data.get(data.position() + i)));
      }
      volume.write(lba, merged, fua || !modes.writeCache());
    } finally {
      atomic.writeLock().unlock();
    }
    return ScsiResponse.good();
  }

  private ScsiResponse compareAndWrite(ScsiRequest req) throws CheckCondition, IOException {
    byte[] cdb = req.cdb();
    checkProtect(cdb, true);
    long lba = Cdb.u64(cdb, 2);
    int blocks = Cdb.u8(cdb, 13);
    if (blocks > InquiryPages.MAX_COMPARE_AND_WRITE) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(13));
    }
    checkRange(lba, blocks);
    if (blocks == 0) {
      if (req.dataOut().hasRemaining()) {
        throw new CheckCondition(SenseData.invalidFieldInCdb(13));
      }
      return ScsiResponse.good();
    }
    int bytes = blocks * blockSize;
    ByteBuffer data = req.dataOut();
    if (data.remaining() != 2 * bytes) {
      // SBC-3 §5.2: the data-out buffer holds exactly the verify and the write data.
      throw new CheckCondition(SenseData.invalidFieldInCdb(13));
    }
    boolean fua = (Cdb.u8(cdb, 1) & 0x08) != 0;
    atomic.writeLock().lock();
    try {
      ByteBuffer medium = ByteBuffer.allocate(bytes);
      volume.read(lba, medium.duplicate());
      for (int i = 0; i < bytes; i++) {
        if (medium.get(i) != data.get(data.position() + i)) {
          throw new CheckCondition(SenseData.miscompare(i));
        }
      }
      ByteBuffer write = data.duplicate().position(data.position() + bytes);
      write.limit(write.position() + bytes);
      volume.write(lba, write, fua || !modes.writeCache());
    } finally {
      atomic.writeLock().unlock();
    }
    return ScsiResponse.good();
  }

  private ScsiResponse modeSense(byte[] cdb, boolean ten) throws CheckCondition {
    boolean dbd = (Cdb.u8(cdb, 1) & 0x08) != 0;
    boolean llbaa = ten && (Cdb.u8(cdb, 1) & 0x10) != 0;
    int control = Cdb.u8(cdb, 2) >> 6;
    int code = Cdb.u8(cdb, 2) & 0x3f;
    int subpage = Cdb.u8(cdb, 3);
    int alloc = ten ? Cdb.u16(cdb, 7) : Cdb.u8(cdb, 4);
    if (control == 3) {
      // SAVING PARAMETERS NOT SUPPORTED (39/00).
      throw new CheckCondition(new SenseData(SenseData.ILLEGAL_REQUEST, 0x39, 0, -1, 2, true));
    }
    if (subpage != 0 && subpage != 0xff) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(3));
    }
    byte[] pages = modes.sense(code, control);
    if (pages == null) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
    int descLen = dbd ? 0 : llbaa ? 16 : 8;
    int headerLen = ten ? 8 : 4;
    byte[] b = new byte[headerLen + descLen + pages.length];
    int dataLength = b.length - (ten ? 2 : 1);
    // Device-specific parameter: WP when read-only, DPOFUA (SBC-3 §6.5.1).
    int specific = (volume.readOnly() ? 0x80 : 0) | 0x10;
    if (ten) {
      Cdb.put16(b, 0, dataLength);
      b[3] = (byte) specific;
      b[4] = (byte) (llbaa ? 1 : 0);
      Cdb.put16(b, 6, descLen);
    } else {
      b[0] = (byte) dataLength;
      b[2] = (byte) specific;
      b[3] = (byte) descLen;
    }
    if (descLen == 8) {
      Cdb.put32(b, headerLen, Math.min(blockCount, 0xffffffffL));
      Cdb.put32(b, headerLen + 4, blockSize);
    } else if (descLen == 16) {
      Cdb.put64(b, headerLen, blockCount);
      Cdb.put32(b, headerLen + 12, blockSize);
    }
    System.arraycopy(pages, 0, b, headerLen + descLen, pages.length);
    return ScsiResponse.good(b, alloc);
  }

  private ScsiResponse modeSelect(ScsiRequest req, boolean ten) throws CheckCondition {
    byte[] cdb = req.cdb();
    int len = ten ? Cdb.u16(cdb, 7) : Cdb.u8(cdb, 4);
    if ((Cdb.u8(cdb, 1) & 0x10) == 0 && len > 0) {
      // PF=0: vendor-specific page format is not supported.
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
    if ((Cdb.u8(cdb, 1) & 0x01) != 0) {
      // SP: saving pages is not supported.
      throw new CheckCondition(SenseData.invalidFieldInCdb(1));
    }
    if (len == 0) {
      return ScsiResponse.good();
    }
    byte[] p = bytes(req.dataOut(), len);
    int headerLen = ten ? 8 : 4;
    if (p.length < len || len < headerLen) {
      throw new CheckCondition(SenseData.parameterListLength());
    }
    int descLen = ten ? Cdb.u16(p, 6) : Cdb.u8(p, 3);
    if (headerLen + descLen > len) {
      throw new CheckCondition(SenseData.parameterListLength());
    }
    modes.select(Arrays.copyOfRange(p, headerLen + descLen, len), headerLen + descLen);
    return ScsiResponse.good();
  }

  private ScsiResponse persistentReserveIn(byte[] cdb) throws CheckCondition {
    byte[] data = reservations.in(Cdb.u8(cdb, 1) & 0x1f, identity.portalGroupTag());
    return ScsiResponse.good(data, Cdb.u16(cdb, 7));
  }

  private ScsiResponse persistentReserveOut(ScsiRequest req)
      throws CheckCondition, ReservationConflict {
    byte[] cdb = req.cdb();
    long len = Cdb.u32(cdb, 5);
    if (len != 24) {
      throw new CheckCondition(SenseData.parameterListLength());
    }
    byte[] p = bytes(req.dataOut(), 24);
    if (p.length < 24) {
      throw new CheckCondition(SenseData.parameterListLength());
    }
    int scope = Cdb.u8(cdb, 2) >> 4;
    int type = Cdb.u8(cdb, 2) & 0x0f;
    reservations.out(req.nexus(), Cdb.u8(cdb, 1) & 0x1f, scope, type, p);
    return ScsiResponse.good();
  }

  private ScsiResponse reportSupportedOpcodes(byte[] cdb) throws CheckCondition {
    int options = Cdb.u8(cdb, 2) & 0x07;
    boolean rctd = (Cdb.u8(cdb, 2) & 0x80) != 0;
    int alloc = (int) Math.min(Cdb.u32(cdb, 6), Integer.MAX_VALUE);
    int opcode = Cdb.u8(cdb, 3);
    int sa = Cdb.u16(cdb, 4);
    int timeouts = rctd ? 12 : 0;
    if (options == 0) {
      int each = 8 + timeouts;
      byte[] b = new byte[4 + each * CommandTable.COMMANDS.size()];
      Cdb.put32(b, 0, b.length - 4L);
      int p = 4;
      for (Command c : CommandTable.COMMANDS) {
        b[p] = (byte) c.opcode();
        Cdb.put16(b, p + 2, Math.max(c.serviceAction(), 0));
        b[p + 5] = (byte) ((c.serviceAction() >= 0 ? 0x01 : 0) | (rctd ? 0x02 : 0));
        Cdb.put16(b, p + 6, c.cdbLength());
        if (rctd) {
          Cdb.put16(b, p + 8, 10);
        }
        p += each;
      }
      return ScsiResponse.good(b, alloc);
    }
    if (options > 3) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
    boolean takesSa = CommandTable.hasServiceAction(opcode);
    if (options == 1 && takesSa || options == 2 && !takesSa) {
      throw new CheckCondition(SenseData.invalidFieldInCdb(2));
    }
    Command c = CommandTable.find(opcode, takesSa ? sa : -1);
    if (c != null && takesSa && c.serviceAction() != sa) {
      c = null;
    }
    int cdbLen = c == null ? 0 : c.cdbLength();
    byte[] b = new byte[4 + cdbLen + timeouts];
    b[1] = (byte) ((c == null ? 1 : 3) | (rctd ? 0x80 : 0));
    Cdb.put16(b, 2, cdbLen);
    if (c != null) {
      byte[] usage = CommandTable.usage(c);
      System.arraycopy(usage, 0, b, 4, usage.length);
    }
    if (rctd) {
      Cdb.put16(b, 4 + cdbLen, 10);
    }
    return ScsiResponse.good(b, alloc);
  }

  private static byte[] bytes(ByteBuffer data, int max) {
    byte[] b = new byte[Math.min(max, data.remaining())];
    data.duplicate().get(b);
    return b;
  }

  /**
   * The number of data-out bytes the CDB asks for, so the transport can report residuals (RFC 7143
   * §11.4.5); -1 when the command takes no data-out or the CDB is not understood.
   */
  public long dataOutLength(byte[] cdb) {
    int op = Cdb.u8(cdb, 0);
    return switch (op) {
      case 0x0a -> len6(cdb) * blockSize;
      case 0x2a, 0x2e -> (long) Cdb.u16(cdb, 7) * blockSize;
      case 0xaa, 0xae -> Cdb.u32(cdb, 6) * blockSize;
      case 0x8a, 0x8b, 0x8e -> Cdb.u32(cdb, 10) * blockSize;
      case 0x2f, 0xaf, 0x8f -> {
        int bytchk = (Cdb.u8(cdb, 1) >> 1) & 0x03;
        long blocks =
            op == 0x2f ? Cdb.u16(cdb, 7) : op == 0xaf ? Cdb.u32(cdb, 6) : Cdb.u32(cdb, 10);
        yield bytchk == 1 ? blocks * blockSize : bytchk == 3 ? blockSize : 0;
      }
      case 0x41 -> blockSize;
      case 0x93 -> (Cdb.u8(cdb, 1) & 0x01) != 0 ? 0 : blockSize;
      case 0x89 -> 2L * Cdb.u8(cdb, 13) * blockSize;
      case 0x42, 0x55 -> Cdb.u16(cdb, 7);
      case 0x15 -> Cdb.u8(cdb, 4);
      case 0x5f -> Cdb.u32(cdb, 5);
      default -> -1;
    };
  }
}
