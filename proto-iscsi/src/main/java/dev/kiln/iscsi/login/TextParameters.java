package dev.kiln.iscsi.login;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The key=value text of login and text PDUs (RFC 7143 §6.1): UTF-8 pairs each ended by a NUL, in
 * order. Keys may repeat only where the key allows it, which the negotiator decides.
 */
public final class TextParameters {

  /** One key=value pair. */
  public record Pair(String key, String value) {}

  /** The largest text accepted across continued PDUs, far above any real negotiation. */
  public static final int MAX_TEXT = 64 * 1024;

  private final List<Pair> pairs = new ArrayList<>();

  /** Parses a data segment; a pair without '=' or with an empty key is an error (§6.1). */
  public static TextParameters parse(ByteBuffer data) throws TextFormatException {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    TextParameters out = new TextParameters();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        if (i > start) {
          String pair = new String(bytes, start, i - start, StandardCharsets.UTF_8);
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            throw new TextFormatException("malformed text pair: " + pair);
          }
          if (eq > 63) {
            throw new TextFormatException("key longer than 63 bytes");
          }
          out.add(pair.substring(0, eq), pair.substring(eq + 1));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Appends a pair. */
  public TextParameters add(String key, String value) {
    pairs.add(new Pair(key, value));
    return this;
  }

  /** The pairs in order. */
  public List<Pair> pairs() {
    return List.copyOf(pairs);
  }

  /** The first value of {@code key}, or null. */
  public String get(String key) {
    for (Pair p : pairs) {
      if (p.key().equals(key)) {
        return p.value();
      }
    }
    return null;
  }

  /** True when there are no pairs. */
  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  /** Encodes as a data segment. */
  public ByteBuffer encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Pair p : pairs) {
      out.writeBytes((p.key() + "=" + p.value()).getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  @Override
  public String toString() {
    return pairs.toString();
  }
}
