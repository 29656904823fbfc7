package dev.kiln.smb.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads whole SMB messages off a connection. Direct TCP ([MS-SMB2] 2.1) prefixes each message with
 * a zero byte and a 24-bit big-endian length. The NetBIOS session service (RFC 1002 §4.3) uses the
 * same four bytes with a packet type in the first: SESSION REQUEST (0x81) is answered with a
 * POSITIVE SESSION RESPONSE (0x82), SESSION KEEP ALIVE (0x85) is skipped and SESSION MESSAGE (0x00)
 * carries SMB; any other packet type, or a second SESSION REQUEST, closes the connection. Samba and
 * Windows use the 7 flag bits as length extension, so 24 bits are read for both transports.
 */
public final class FrameReader {

  /** Largest frame accepted: the 24-bit limit; anything bigger cannot be expressed. */
  public static final int MAX_FRAME = 0xFF_FFFF;

  private static final int SESSION_MESSAGE = 0x00;
  private static final int SESSION_REQUEST = 0x81;
  private static final int POSITIVE_RESPONSE = 0x82;
  private static final int KEEP_ALIVE = 0x85;

  private final SmbTransport transport;
  private final InputStream in;
  private final OutputStream out;
  private final int maxFrame;
  private boolean sessionEstablished;

  /** A reader of {@code in}; {@code out} receives NetBIOS session responses. */
  public FrameReader(SmbTransport transport, InputStream in, OutputStream out, int maxFrame) {
    this.transport = transport;
    this.in = in;
    this.out = out;
    this.maxFrame = Math.min(maxFrame, MAX_FRAME);
  }

  /** The next message, or null at a clean end of stream between frames. */
  public byte[] next() throws IOException {
    while (true) {
      int type = in.read();
      if (type < 0) {
        return null;
      }
      byte[] len = in.readNBytes(3);
      if (len.length < 3) {
        throw new EOFException("truncated frame header");
      }
      int length = (len[0] & 0xff) << 16 | (len[1] & 0xff) << 8 | (len[2] & 0xff);
      if (transport == SmbTransport.DIRECT_TCP) {
        if (type != 0) {
          throw new MalformedFrameException("direct TCP frame starts with " + type);
        }
        return body(length);
      }
      switch (type) {
        case SESSION_MESSAGE -> {
          // Like Samba's smbd, a SESSION MESSAGE without a preceding SESSION REQUEST is taken
          // (clients told to use another port than 139 skip the request).
          sessionEstablished = true;
          return body(length);
        }
        case SESSION_REQUEST -> {
          // RFC 1002 §4.3.2: called and calling names; any called name is ours.
          if (sessionEstablished || length > 1024) {
            throw new MalformedFrameException("unexpected SESSION REQUEST");
          }
          skip(length);
          out.write(new byte[] {(byte) POSITIVE_RESPONSE, 0, 0, 0});
          out.flush();
          sessionEstablished = true;
        }
        case KEEP_ALIVE -> skip(length);
        default -> throw new MalformedFrameException("NetBIOS packet type " + type);
      }
    }
  }

  private void skip(int length) throws IOException {
    in.skipNBytes(length);
  }

  private byte[] body(int length) throws IOException {
    if (length > maxFrame) {
      throw new MalformedFrameException("frame of " + length + " bytes exceeds " + maxFrame);
    }
    // Straight into one array: readNBytes(int) would gather chunks and copy them again.
    byte[] b = new byte[length];
    int got = in.readNBytes(b, 0, length);
    if (got < length) {
      throw new EOFException("truncated frame: " + got + " of " + length + " bytes");
    }
    return b;
  }

  /** Writes the 4-byte prefix of an outgoing message of {@code length} bytes. */
  public static void writePrefix(OutputStream out, int length) throws IOException {
    if (length > MAX_FRAME) {
      throw new IOException("message of " + length + " bytes cannot be framed");
    }
    out.write(new byte[] {0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
  }
}
