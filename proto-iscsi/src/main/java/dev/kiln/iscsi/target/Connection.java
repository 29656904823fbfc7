package dev.kiln.iscsi.target;

import dev.kiln.iscsi.login.NegotiationException;
import dev.kiln.iscsi.login.SessionParameters;
import dev.kiln.iscsi.login.TextFormatException;
import dev.kiln.iscsi.login.TextParameters;
import dev.kiln.iscsi.pdu.DataDigestException;
import dev.kiln.iscsi.pdu.Opcode;
import dev.kiln.iscsi.pdu.Pdu;
import dev.kiln.iscsi.pdu.PduReader;
import dev.kiln.iscsi.pdu.PduWriter;
import dev.kiln.iscsi.scsi.LogicalUnit;
import dev.kiln.iscsi.scsi.ResponseSink;
import dev.kiln.iscsi.scsi.ScsiRequest;
import dev.kiln.iscsi.scsi.ScsiResponse;
import dev.kiln.iscsi.scsi.ScsiStatus;
import dev.kiln.iscsi.scsi.SenseData;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One iSCSI connection (RFC 7143 §4.3): the login phase, then the full feature phase on a single
 * reader thread that frames PDUs, collects write data through R2Ts, and hands complete commands to
 * virtual threads; responses from any thread go through one lock that numbers them (StatSN).
 */
final class Connection implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final int LOGIN_SEGMENT_LIMIT = 8192;

  private final IscsiServer server;
  private final SocketChannel channel;
  private final PduReader reader;
  private final PduWriter writer;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final Map<Integer, Task> tasks = new ConcurrentHashMap<>();
  private final WriteBuffers writeBuffers = new WriteBuffers();
  // Guarded by sendLock: numbered PDUs waiting for one gathering write.
  private final List<Pdu> outbox = new ArrayList<>();
  private Session session;
  private SessionParameters params = SessionParameters.defaults();
  private int cid;
  private int statSn;
  private int nextTtt = 1;
  private ByteBuffer placedCommandBuffer;
  private volatile boolean closing;
  private volatile Thread readerThread;
  // Reader thread only: units whose gathered writes it drains, and responses it held back, before
  // it waits for the socket.
  private final List<LogicalUnit> undrained = new ArrayList<>(2);
  private final List<HeldResponse> held = new ArrayList<>();

  /** A response written (or held in the outbox) whose buffer goes back to its unit once sent. */
  private record HeldResponse(LogicalUnit unit, ScsiResponse response) {}

  /** Responses the reader holds back at most before it writes them without waiting to be idle. */
  private static final int MAX_HELD = 32;

  Connection(IscsiServer server, SocketChannel channel) {
    this.server = server;
    this.channel = channel;
    this.reader = new PduReader(channel, LOGIN_SEGMENT_LIMIT);
    this.writer = new PduWriter(channel);
  }

  int cid() {
    return cid;
  }

  Session session() {
    return session;
  }

  @Override
  public void run() {
    readerThread = Thread.currentThread();
    try {
      if (login()) {
        try {
          fullFeature();
        } finally {
          // Writes this reader left gathered are written (their responses may no longer reach
          // the initiator), never left waiting in a unit's queue.
          for (LogicalUnit u : undrained) {
            u.drainWrites();
          }
        }
      }
    } catch (EOFException e) {
      LOG.debug("initiator closed the connection");
    } catch (IOException e) {
      if (!closing) {
        LOG.info("iSCSI connection dropped: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("iSCSI connection failed", e);
    } finally {
      close();
    }
  }

  /** Closes the socket; the reader thread ends and unregisters the connection. */
  void close() {
    closing = true;
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("close failed", e);
    }
    for (Task t : tasks.values()) {
      t.abort();
    }
    tasks.clear();
    server.connectionClosed(this);
  }

  // ---------------------------------------------------------------- login (RFC 7143 §6)

  private boolean login() throws IOException {
    Login login = new Login(server, this);
    while (true) {
      Pdu req = reader.read();
      if (req.opcode() != Opcode.LOGIN_REQUEST) {
        // §6.1: only login PDUs before the full feature phase; anything else ends the connection.
        throw new IOException("opcode 0x%02x during login".formatted(req.opcode()));
      }
      Login.Step step = login.step(req);
      Pdu resp = Pdu.create(Opcode.LOGIN_RESPONSE);
      resp.u8(1, step.flags());
      resp.u8(2, 0).u8(3, 0);
      resp.i64(8, req.i64(8) & 0xffffffffffff0000L | (step.tsih() & 0xffff));
      resp.i32(16, req.itt());
      resp.i32(24, statSn++);
      resp.i32(28, step.expCmdSn());
      resp.i32(32, step.maxCmdSn());
      resp.u8(36, step.status() >> 8).u8(37, step.status() & 0xff);
      resp.data(step.text().encode());
      writer.write(resp);
      if (step.status() != LoginStatus.SUCCESS) {
        return false;
      }
      if (step.complete()) {
        session = step.session();
        cid = step.cid();
        params = step.session().params();
        reader.digests(params.headerDigest(), params.dataDigest());
        writer.digests(params.headerDigest(), params.dataDigest());
        reader.maxDataSegment(server.limits().maxRecvDataSegment());
        return true;
      }
    }
  }

  /** Starts StatSN where the initiator expects it (first login request's ExpStatSN). */
  void initialStatSn(int value) {
    statSn = value;
  }

  // ---------------------------------------------------------------- full feature phase

  private void fullFeature() throws IOException {
    while (true) {
      if (!reader.wholePduBuffered()) {
        idle();
      }
      Pdu pdu;
      try {
        pdu = reader.read(this::place);
      } catch (DataDigestException e) {
        // §7.8: a data digest error on a sound header is rejected; at ERL 0 the command is lost.
        reject(e.header(), 0x02);
        Task t = tasks.remove(e.header().itt());
        if (t != null) {
          t.abort();
          respond(t, ScsiResponse.check(SenseData.of(SenseData.ABORTED_COMMAND, 0x47, 0x05)), 0);
        }
        continue;
      }
      ByteBuffer placed = placedCommandBuffer;
      placedCommandBuffer = null;
      if (!dispatch(pdu, placed)) {
        return;
      }
    }
  }

  /**
   * Before the reader waits for the socket: writes the small writes it gathered (their responses
   * join the outbox) and sends everything held, in one gathering write. Every command already
   * received has been read by then, so a window of writes merges into one volume write and one
   * socket write without a thread hand-off.
   */
  private void idle() throws IOException {
    for (LogicalUnit u : undrained) {
      u.drainWrites();
    }
    flushHeld();
  }

  private void flushHeld() throws IOException {
    try {
      flushOutbox();
    } finally {
      for (HeldResponse h : held) {
        h.unit().recycle(h.response());
      }
      held.clear();
    }
  }

  /** Places SCSI write data into the task's buffer: no copy of any data PDU. */
  private ByteBuffer place(Pdu h, int length) {
    if (h.opcode() == Opcode.SCSI_COMMAND && (h.u8(1) & 0x20) != 0) {
      int edtl = h.i32(20);
      if (edtl >= length && edtl <= IscsiServer.MAX_COMMAND_BUFFER) {
        placedCommandBuffer = writeBuffers.acquire(edtl);
        return placedCommandBuffer.slice(0, length);
      }
    } else if (h.opcode() == Opcode.DATA_OUT) {
      Task t = tasks.get(h.itt());
      long offset = h.i32(40) & 0xffffffffL;
      if (t != null && t.buffer != null && offset + length <= t.buffer.capacity()) {
        return t.buffer.slice((int) offset, length);
      }
    }
    return null;
  }

  private boolean dispatch(Pdu pdu, ByteBuffer placed) throws IOException {
    int op = pdu.opcode();
    if (session.discovery()
        && op != Opcode.TEXT_REQUEST
        && op != Opcode.LOGOUT_REQUEST
        && op != Opcode.NOP_OUT) {
      // §4.3: a discovery session carries only text, logout and NOP.
      reject(pdu, 0x05);
      return true;
    }
    switch (op) {
      case Opcode.DATA_OUT -> dataOut(pdu);
      case Opcode.SCSI_COMMAND -> ordered(pdu, () -> scsiCommand(pdu, placed));
      case Opcode.NOP_OUT -> ordered(pdu, () -> nopOut(pdu));
      case Opcode.TASK_MGMT_REQUEST -> ordered(pdu, () -> taskManagement(pdu));
      case Opcode.TEXT_REQUEST -> ordered(pdu, () -> text(pdu));
      case Opcode.LOGOUT_REQUEST -> {
        return !logout(pdu);
      }
      case Opcode.SNACK_REQUEST -> reject(pdu, 0x04); // §11.16: not at ErrorRecoveryLevel 0
      default -> reject(pdu, 0x04);
    }
    return !closing;
  }

  /** An action that may fail with an I/O error on the socket. */
  @FunctionalInterface
  private interface Action {
    void run() throws IOException;
  }

  /** Runs a request in CmdSN order (§4.2.2.1); immediate requests skip the queue. */
  private void ordered(Pdu pdu, Action action) throws IOException {
    Runnable r =
        () -> {
          try {
            action.run();
          } catch (IOException e) {
            close();
          }
        };
    if (pdu.immediate()) {
      r.run();
      return;
    }
    if (!session.window().deliver(pdu.i32(24), r)) {
      LOG.debug("CmdSN {} outside the window or a duplicate: ignored", pdu.i32(24));
    }
    if (closing) {
      throw new EOFException("connection closed");
    }
  }

  // ---------------------------------------------------------------- SCSI commands

  private void scsiCommand(Pdu pdu, ByteBuffer placed) throws IOException {
    int flags = pdu.u8(1);
    boolean read = (flags & 0x40) != 0;
    boolean write = (flags & 0x20) != 0;
    int itt = pdu.itt();
    int edtl = pdu.i32(20);
    byte[] cdb = cdb(pdu);
    int lun = lunNumber(pdu.lun());
    ByteBuffer buffer = write ? placed : null;
    int immediate = pdu.dataSegmentLength();
    if (write && buffer == null) {
      if (edtl < 0 || edtl > IscsiServer.MAX_COMMAND_BUFFER || immediate > edtl) {
        Task t = new Task(itt, pdu.lun(), lun, cdb, edtl, read, false, pdu.i32(24), null);
        respond(t, ScsiResponse.check(SenseData.invalidFieldInCdb(0)), 0);
        return;
      }
      buffer = writeBuffers.acquire(edtl);
    }
    if (!write && immediate > 0) {
      // §11.3: data with a command that has no W bit is a protocol error.
      reject(pdu, 0x04);
      return;
    }
    if (write && immediate > 0 && !params.immediateData()) {
      reject(pdu, 0x04);
      return;
    }
    Task task = new Task(itt, pdu.lun(), lun, cdb, edtl, read, write, pdu.i32(24), buffer);
    task.received = immediate;
    task.r2tOffset = immediate;
    if (cdb == null) {
      respond(task, ScsiResponse.check(SenseData.invalidFieldInCdb(0)), 0);
      return;
    }
    if (write && task.received < edtl) {
      tasks.put(itt, task);
      int unsolicited = Math.min(params.firstBurst(), edtl);
      if (!params.initialR2T() && task.received < unsolicited && !pdu.finalBit()) {
        // §13.10: unsolicited Data-Out follows, up to FirstBurstLength, ended by the F bit.
        task.unsolicitedPending = true;
        return;
      }
      sendR2T(task);
      return;
    }
    execute(task);
  }

  private static byte[] cdb(Pdu pdu) {
    byte[] cdb = new byte[16];
    pdu.header().position(32).get(cdb);
    ByteBuffer ahs = pdu.ahs();
    while (ahs.remaining() >= 4) {
      int len = ahs.getShort() & 0xffff;
      int type = ahs.get() & 0xff;
      ahs.get();
      int padded = (len - 1 + 3) & ~3;
      if (type == 1) {
        // §11.2.2.3: extended CDB, the bytes after the first sixteen.
        if (len - 1 > ahs.remaining()) {
          return null;
        }
        byte[] full = new byte[16 + len - 1];
        System.arraycopy(cdb, 0, full, 0, 16);
        ahs.get(full, 16, len - 1);
        return full;
      }
      if (padded > ahs.remaining()) {
        return null;
      }
      ahs.position(ahs.position() + padded);
    }
    return cdb;
  }

  /** Decodes the LUN field (SAM-5 §4.7.7): peripheral or flat addressing, first level. */
  static int lunNumber(long field) {
    int b0 = (int) (field >>> 56) & 0xff;
    int b1 = (int) (field >>> 48) & 0xff;
    return switch (b0 >> 6) {
      case 0 -> b0 == 0 ? b1 : -1;
      case 1 -> ((b0 & 0x3f) << 8) | b1;
      default -> -1;
    };
  }

  /** Encodes a LUN for REPORT LUNS: peripheral below 256, flat addressing above. */
  static long lunField(int lun) {
    return lun < 256 ? ((long) lun) << 48 : ((long) (0x4000 | lun)) << 48;
  }

  private void dataOut(Pdu pdu) throws IOException {
    Task task = tasks.get(pdu.itt());
    if (task == null || !task.write) {
      // Data for an unknown or aborted task: nothing to do at ERL 0 (§11.7.4).
      return;
    }
    int len = pdu.dataSegmentLength();
    long offset = pdu.i32(40) & 0xffffffffL;
    int ttt = pdu.i32(20);
    int dataSn = pdu.i32(36);
    if (offset + len > task.buffer.capacity()
        || offset != task.received
        || dataSn != task.expectedDataSn) {
      // DataPDUInOrder=Yes: data must arrive in order, numbered from 0 in each sequence (§11.7.5),
      // and within ExpectedDataTransferLength.
      reject(pdu, 0x09);
      tasks.remove(task.itt);
      respond(task, ScsiResponse.check(SenseData.of(SenseData.ABORTED_COMMAND, 0x0c, 0x0d)), 0);
      return;
    }
    task.received += len;
    task.expectedDataSn++;
    if (!pdu.finalBit()) {
      return;
    }
    task.expectedDataSn = 0;
    if (ttt == Pdu.RESERVED_TAG) {
      task.unsolicitedPending = false;
    } else if (ttt != task.currentTtt) {
      reject(pdu, 0x09);
      return;
    }
    if (task.received >= task.expectedLength) {
      tasks.remove(task.itt);
      execute(task);
    } else if (task.received >= task.r2tOffset) {
      sendR2T(task);
    }
  }

  private void sendR2T(Task task) throws IOException {
    task.r2tOffset = Math.max(task.r2tOffset, task.received);
    int length = Math.min(params.maxBurst(), task.expectedLength - task.r2tOffset);
    int ttt = nextTtt++;
    if (ttt == Pdu.RESERVED_TAG) {
      ttt = nextTtt++;
    }
    task.currentTtt = ttt;
    Pdu r2t = Pdu.create(Opcode.R2T).u8(1, 0x80);
    r2t.i64(8, task.lunField).i32(16, task.itt).i32(20, ttt);
    r2t.i32(36, task.r2tSn++).i32(40, task.r2tOffset).i32(44, length);
    task.r2tOffset += length;
    send(r2t, StatSnUse.PEEK);
  }

  private void execute(Task task) {
    tasks.put(task.itt, task);
    LogicalUnit unit = task.lun < 0 ? null : session.target().units().get(task.lun);
    if (unit != null && unit.quick(task.cdb)) {
      // A small read or write runs right here: a read from the block cache costs less than
      // handing it to another thread, and a write only queues for the write gatherer, which this
      // reader drains before it next waits for the socket. (A command released by the CmdSN window
      // on another connection's reader runs there, with a drainer thread of its own.)
      boolean onReader = Thread.currentThread() == readerThread;
      if (onReader && !undrained.contains(unit)) {
        undrained.add(unit);
      }
      runTask(task, onReader);
    } else {
      server.executor().execute(() -> runTask(task, false));
    }
  }

  /**
   * Runs a task on a unit.
   *
   * @param onReader true on the reader thread: responses wait in the outbox until the reader is
   *     idle, and gathered writes until it drains them
   */
  private void runTask(Task task, boolean onReader) {
    LogicalUnit unit = session.target().units().get(task.lun);
    if (task.lun < 0 || Byte.toUnsignedInt(task.cdb[0]) == 0xa0) {
      complete(task, server.reportLuns(session.target(), task.cdb), -1, false);
      releaseBuffer(task);
    } else if (unit == null) {
      complete(task, server.absentUnit(task.cdb), -1, false);
      releaseBuffer(task);
    } else {
      ByteBuffer data = task.buffer == null ? ByteBuffer.allocate(0) : task.buffer.duplicate();
      if (task.buffer != null) {
        data.limit(task.received);
      }
      long wanted = task.write ? unit.dataOutLength(task.cdb) : -1;
      unit.execute(
          new ScsiRequest(task.cdb, data, task.expectedLength, session.nexus()),
          new ResponseSink() {
            private ScsiResponse sent;

            @Override
            public void respond(ScsiResponse response) {
              // Held until flush: a gathered batch of writes answers in one socket write.
              sent = response;
              complete(task, response, wanted, true);
              // The unit is done with the data (a write answers once written) and the task is
              // forgotten, so no Data-Out can be placed into the buffer any more.
              releaseBuffer(task);
            }

            @Override
            public void flush() {
              if (onReader && sent != null && Thread.currentThread() == readerThread) {
                // The reader answers in batches: held until it is idle (or holds too many).
                held.add(new HeldResponse(unit, sent));
                sent = null;
                if (held.size() >= MAX_HELD) {
                  try {
                    flushHeld();
                  } catch (IOException e) {
                    close();
                  }
                }
                return;
              }
              try {
                flushOutbox();
              } catch (IOException e) {
                close();
              } finally {
                // Written (or dropped with the connection): its data buffer may be reused.
                if (sent != null) {
                  unit.recycle(sent);
                  sent = null;
                }
              }
            }

            @Override
            public boolean drainedByCaller() {
              return onReader;
            }
          });
    }
  }

  /** Hands a finished write task's data buffer back for reuse. */
  private void releaseBuffer(Task task) {
    if (task.buffer != null) {
      writeBuffers.release(task.buffer);
    }
  }

  /** Responds to a finished task (held in the outbox when {@code hold}) and forgets it. */
  private void complete(Task task, ScsiResponse response, long wanted, boolean hold) {
    try {
      respond(task, response, wanted, hold);
    } catch (IOException e) {
      close();
    } finally {
      tasks.remove(task.itt, task);
    }
  }

  /**
   * Sends the outcome of a task: Data-In PDUs no larger than the initiator's
   * MaxRecvDataSegmentLength, the status in the last one when it is GOOD (§11.7.3), else a SCSI
   * Response with sense data (§11.4.7); residuals per §11.4.5.
   *
   * @param wanted for writes, the data-out length the CDB asked for; -1 otherwise
   */
  private void respond(Task task, ScsiResponse response, long wanted) throws IOException {
    respond(task, response, wanted, false);
  }

  /** {@link #respond(Task, ScsiResponse, long)}, leaving the status in the outbox when hold. */
  private void respond(Task task, ScsiResponse response, long wanted, boolean hold)
      throws IOException {
    if (!task.claimResponse()) {
      return;
    }
    ByteBuffer data = response.dataIn();
    int edtl = task.expectedLength;
    int residualFlags = 0;
    long residual = 0;
    if (task.write) {
      if (wanted >= 0 && wanted > edtl) {
        residualFlags = 0x04;
        residual = wanted - edtl;
      } else if (wanted >= 0 && wanted < edtl) {
        residualFlags = 0x02;
        residual = edtl - wanted;
      }
    } else {
      int have = data.remaining();
      if (have > edtl) {
        residualFlags = 0x04;
        residual = have - edtl;
        data = data.slice(data.position(), edtl);
      } else if (have < edtl) {
        residualFlags = 0x02;
        residual = edtl - have;
      }
    }
    if (!task.read) {
      data = data.slice(data.position(), 0);
    }
    boolean good = response.status() == ScsiStatus.GOOD && response.sense() == null;
    int dataSn = 0;
    int segment = params.initiatorMaxRecvDataSegment();
    int total = data.remaining();
    for (int off = 0; off < total; ) {
      int n = Math.min(segment, total - off);
      boolean last = off + n == total;
      Pdu in = Pdu.create(Opcode.DATA_IN);
      boolean withStatus = last && good;
      in.u8(1, (last ? 0x80 : 0) | (withStatus ? 0x01 | residualFlags : 0));
      in.u8(3, withStatus ? response.status() : 0);
      in.i64(8, task.lunField).i32(16, task.itt).i32(20, Pdu.RESERVED_TAG);
      in.i32(36, dataSn++).i32(40, off).i32(44, withStatus ? (int) residual : 0);
      in.data(data.slice(data.position() + off, n));
      send(in, withStatus ? StatSnUse.ASSIGN : StatSnUse.NONE, withStatus && hold);
      if (withStatus) {
        return;
      }
      off += n;
    }
    Pdu resp = Pdu.create(Opcode.SCSI_RESPONSE);
    resp.u8(1, 0x80 | residualFlags).u8(2, 0).u8(3, response.status());
    resp.i32(16, task.itt);
    resp.i32(36, task.read ? dataSn : task.r2tSn).i32(44, (int) residual);
    if (response.sense() != null) {
      byte[] sense = response.sense().encode();
      ByteBuffer seg = ByteBuffer.allocate(2 + sense.length);
      seg.putShort((short) sense.length).put(sense).flip();
      resp.data(seg);
    }
    send(resp, StatSnUse.ASSIGN, hold);
  }

  // ---------------------------------------------------------------- other requests

  private void nopOut(Pdu pdu) throws IOException {
    if (pdu.itt() == Pdu.RESERVED_TAG) {
      // A reply to our NOP-In, or a ping that wants no answer (§11.18.2).
      return;
    }
    ByteBuffer echo = pdu.data();
    if (echo.remaining() > params.initiatorMaxRecvDataSegment()) {
      echo.limit(echo.position() + params.initiatorMaxRecvDataSegment());
    }
    Pdu in = Pdu.create(Opcode.NOP_IN).u8(1, 0x80);
    in.i64(8, pdu.lun()).i32(16, pdu.itt()).i32(20, Pdu.RESERVED_TAG);
    in.data(echo);
    send(in, StatSnUse.ASSIGN);
  }

  private void text(Pdu pdu) throws IOException {
    TextParameters req;
    try {
      req = TextParameters.parse(pdu.data());
    } catch (TextFormatException e) {
      reject(pdu, 0x09);
      return;
    }
    TextParameters out = new TextParameters();
    for (TextParameters.Pair p : req.pairs()) {
      if (p.key().equals("SendTargets")) {
        server.sendTargets(session, p.value(), localAddress(), out);
      } else {
        out.add(p.key(), "NotUnderstood");
      }
    }
    Pdu resp = Pdu.create(Opcode.TEXT_RESPONSE).u8(1, 0x80);
    resp.i64(8, pdu.lun()).i32(16, pdu.itt()).i32(20, Pdu.RESERVED_TAG);
    resp.data(out.encode());
    send(resp, StatSnUse.ASSIGN);
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private void taskManagement(Pdu pdu) throws IOException {
    if (session.target() != null) {
      // Gathered writes received before the request complete first (SAM-5 §7.1: a task management
      // function acts on the tasks still in the task set, not on writes waiting to be drained).
      session.target().units().values().forEach(LogicalUnit::drainWrites);
    }
    int function = pdu.u8(1) & 0x7f;
    int lun = lunNumber(pdu.lun());
    int response = server.taskManagement(session, this, function, lun, pdu.i32(20), pdu.i32(32));
    Pdu resp = Pdu.create(Opcode.TASK_MGMT_RESPONSE).u8(1, 0x80).u8(2, response);
    resp.i32(16, pdu.itt());
    send(resp, StatSnUse.ASSIGN);
  }

  /**
   * Aborts the task {@code itt}: null if it is not on this connection, true if aborted before its
   * response, false if its response was already on its way (§11.5.1: the task completed).
   */
  Boolean abortTask(int itt) {
    Task t = tasks.remove(itt);
    if (t == null) {
      return null;
    }
    return t.abort();
  }

  /** Aborts every task of this connection addressed to {@code lun} (any LUN when negative). */
  void abortTasks(int lun) {
    List<Integer> gone = new ArrayList<>();
    tasks.forEach(
        (itt, t) -> {
          if (lun < 0 || t.lun == lun) {
            t.abort();
            gone.add(itt);
          }
        });
    gone.forEach(tasks::remove);
  }

  private boolean logout(Pdu pdu) throws IOException {
    int reason = pdu.u8(1) & 0x7f;
    int[] result = new int[1];
    Runnable r =
        () -> {
          try {
            result[0] = logoutResponse(pdu, reason);
          } catch (IOException e) {
            close();
          }
        };
    if (pdu.immediate()) {
      r.run();
    } else if (!session.window().deliver(pdu.i32(24), r)) {
      return false;
    }
    return result[0] == 1;
  }

  /** Answers a logout (§11.14-15); returns 1 when this connection must close. */
  private int logoutResponse(Pdu pdu, int reason) throws IOException {
    int response;
    boolean closeThis;
    Connection other = null;
    switch (reason) {
      case 0 -> {
        response = 0;
        closeThis = true;
      }
      case 1 -> {
        int target = pdu.u16(20);
        closeThis = target == cid;
        if (!closeThis) {
          other = server.connection(session, target);
        }
        response = closeThis || other != null ? 0 : 1;
      }
      default -> {
        response = 2; // connection recovery is not supported at ERL 0
        closeThis = false;
      }
    }
    Pdu resp = Pdu.create(Opcode.LOGOUT_RESPONSE).u8(1, 0x80).u8(2, response);
    resp.i32(16, pdu.itt());
    send(resp, StatSnUse.ASSIGN);
    if (other != null) {
      other.close();
    }
    if (reason == 0) {
      server.endSession(session, this);
    }
    return closeThis ? 1 : 0;
  }

  private void reject(Pdu pdu, int reason) throws IOException {
    Pdu rej = Pdu.create(Opcode.REJECT).u8(1, 0x80).u8(2, reason);
    rej.i32(16, Pdu.RESERVED_TAG);
    rej.data(pdu.header());
    send(rej, StatSnUse.ASSIGN);
  }

  /** Whether a PDU carries and consumes a StatSN (§4.2.2.2). */
  private enum StatSnUse {
    ASSIGN,
    PEEK,
    NONE
  }

  private void send(Pdu pdu, StatSnUse use) throws IOException {
    send(pdu, use, false);
  }

  /**
   * Numbers {@code pdu} and writes it with everything the outbox holds, in one gathering write;
   * when {@code hold}, leaves it in the outbox for the next write or {@link #flushOutbox()}.
   */
  private void send(Pdu pdu, StatSnUse use, boolean hold) throws IOException {
    sendLock.lock();
    try {
      switch (use) {
        case ASSIGN -> pdu.i32(24, statSn++);
        case PEEK -> pdu.i32(24, statSn);
        case NONE -> {}
      }
      outbox.add(pdu);
      if (!hold) {
        writeOutbox();
      }
    } finally {
      sendLock.unlock();
    }
  }

  /** Writes what the outbox holds. */
  private void flushOutbox() throws IOException {
    sendLock.lock();
    try {
      writeOutbox();
    } finally {
      sendLock.unlock();
    }
  }

  private void writeOutbox() throws IOException {
    if (outbox.isEmpty()) {
      return;
    }
    // The window as of now, the freshest the initiator can get (§11.4.8).
    CommandWindow w = session.window();
    int exp = w.expCmdSn();
    int max = w.maxCmdSn();
    for (Pdu p : outbox) {
      p.i32(28, exp).i32(32, max);
    }
    try {
      writer.write(outbox);
    } finally {
      outbox.clear();
    }
  }

  /** Used by Login to decode text with the login-phase limit. */
  static TextParameters parseText(ByteBuffer data) throws NegotiationException {
    try {
      return TextParameters.parse(data);
    } catch (TextFormatException e) {
      throw new NegotiationException(e.getMessage());
    }
  }
}
