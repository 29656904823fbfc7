package dev.kiln.smb.command;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.Smb2Header;
import dev.kiln.smb.protocol.SmbWriter;
import dev.kiln.smb.state.Session;
import dev.kiln.smb.transport.PayloadBuffers;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The response being built for one request: the writer already holds the 64-byte header (filled in
 * by the dispatcher afterwards); handlers append the body.
 */
public final class Smb2Response {

  private final SmbWriter w;
  private final int start;
  private int status = NtStatus.SUCCESS;
  private long sessionId = -1;
  private int treeId = -1;
  private long fileId;
  private boolean forceSign;
  private Session signAs;
  private Consumer<byte[]> built;
  private boolean goAsync;
  private boolean noResponse;
  private Consumer<AsyncReply> asyncStart;
  private byte[] errorData = new byte[0];
  private final PayloadBuffers payloads;
  private ByteBuffer payload;

  Smb2Response(SmbWriter w, int start) {
    this(w, start, null);
  }

  Smb2Response(SmbWriter w, int start, PayloadBuffers payloads) {
    this.w = w;
    this.start = start;
    this.payloads = payloads;
  }

  /**
   * A direct buffer of {@code length} bytes that will follow the body on the wire (a READ's data),
   * or null when this response cannot have one (it is compounded, or the buffers are all taken):
   * then the body is written to {@link #w()} as usual. The response owns the buffer; its position
   * and limit at the end of the handler say what is sent.
   */
  public ByteBuffer directPayload(int length) {
    if (payloads == null || payload != null) {
      return null;
    }
    payload = payloads.take(length);
    return payload;
  }

  /** Gives the payload back unsent (the request failed after all). */
  void releasePayload() {
    if (payload != null) {
      payloads.give(payload);
      payload = null;
    }
  }

  /** Hands the payload, if any, to the caller, who gives it back once sent. */
  ByteBuffer takePayload() {
    ByteBuffer p = payload;
    payload = null;
    return p;
  }

  /** The writer; the body starts at {@link #bodyStart()}. */
  public SmbWriter w() {
    return w;
  }

  /** Where this message's header starts in the writer. */
  public int start() {
    return start;
  }

  /** Where the body starts (offsets in bodies are relative to {@link #start()}). */
  public int bodyStart() {
    return start + Smb2Header.SIZE;
  }

  /** The offset of the current position from the header start (for offset fields). */
  public int offset() {
    return w.position() - start;
  }

  /** Sets a success-class status (e.g. BUFFER_OVERFLOW, MORE_PROCESSING_REQUIRED). */
  public void status(int s) {
    status = s;
  }

  /** The status. */
  public int status() {
    return status;
  }

  /** Overrides the SessionId of the response header (new sessions). */
  public void sessionId(long id) {
    sessionId = id;
  }

  long sessionIdOverride() {
    return sessionId;
  }

  /** Overrides the TreeId of the response header (new tree connects). */
  public void treeId(int id) {
    treeId = id;
  }

  int treeIdOverride() {
    return treeId;
  }

  /** Records the FileId of a CREATE for related compounded requests. */
  public void fileId(long id) {
    fileId = id;
  }

  long fileId() {
    return fileId;
  }

  /** Signs the response with {@code session} whatever the request did (final 3.1.1 setup). */
  public void forceSign(Session session) {
    forceSign = true;
    signAs = session;
  }

  boolean forcedSign() {
    return forceSign;
  }

  Session signAs() {
    return signAs;
  }

  /** Runs {@code hook} over the finished unsigned message bytes (preauth integrity). */
  public void onBuilt(Consumer<byte[]> hook) {
    built = hook;
  }

  Consumer<byte[]> builtHook() {
    return built;
  }

  /**
   * Answers later: the dispatcher sends STATUS_PENDING and hands the {@link AsyncReply} to {@code
   * start}, which must eventually complete it.
   */
  public void async(Consumer<AsyncReply> startAsync) {
    goAsync = true;
    asyncStart = startAsync;
  }

  boolean isAsync() {
    return goAsync;
  }

  Consumer<AsyncReply> asyncStart() {
    return asyncStart;
  }

  /** ErrorData for the error response, should the request fail ([MS-SMB2] 2.2.2). */
  public void errorData(byte[] data) {
    errorData = data.clone();
  }

  byte[] errorData() {
    return errorData;
  }

  /** No response at all (CANCEL). */
  public void none() {
    noResponse = true;
  }

  boolean isNone() {
    return noResponse;
  }

  /** The error response body ([MS-SMB2] 2.2.2): StructureSize 9, no error data. */
  public static void errorBody(SmbWriter w) {
    w.u16(9).u8(0).u8(0).u32(0).u8(0);
  }

  /** The error response body carrying {@code data}. */
  static void errorBody(SmbWriter w, byte[] data) {
    if (data.length == 0) {
      errorBody(w);
    } else {
      w.u16(9).u8(0).u8(0).u32(data.length).bytes(data);
    }
  }
}
