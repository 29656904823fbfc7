package dev.kiln.mgmt.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only audit trail ({@code audit.log}): one JSON object per line, each carrying the
 * SHA-256 of the line before it, so deleting or editing a past entry breaks the chain and {@link
 * #verify()} says where. Each entry is flushed to disk before {@link #append} returns.
 */
public final class AuditLog implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final String GENESIS = "0".repeat(64);

  private final Path file;
  private final FileChannel channel;
  private String lastHash;

  private AuditLog(Path file, FileChannel channel, String lastHash) {
    this.file = file;
    this.channel = channel;
    this.lastHash = lastHash;
  }

  /** Opens (creating) the log and finds the end of the chain. */
  public static AuditLog open(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String last = GENESIS;
    if (Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty()) {
        last = sha256(lines.getLast());
      }
    }
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new AuditLog(file, ch, last);
  }

  /** Appends an event durably. */
  public synchronized void append(AuditEvent event) throws IOException {
    ObjectNode node = JSON.valueToTree(event);
    node.put("prev", lastHash);
    String line = JSON.writeValueAsString(node);
    if (line.contains("\n")) {
      throw new IllegalStateException("an audit line must be one line");
    }
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(false);
    lastHash = sha256(line);
  }

  /** The newest {@code limit} events, oldest first. */
  public synchronized List<AuditEvent> tail(int limit) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<AuditEvent> out = new ArrayList<>();
    for (String line : lines.subList(Math.max(0, lines.size() - limit), lines.size())) {
      ObjectNode node = (ObjectNode) JSON.readTree(line);
      node.remove("prev");
      out.add(JSON.treeToValue(node, AuditEvent.class));
    }
    return out;
  }

  /** Checks the hash chain; returns the 1-based number of the first broken line, or 0 if intact. */
  public synchronized int verify() throws IOException {
    String expected = GENESIS;
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        return n;
      }
      if (node == null || !expected.equals(node.path("prev").asText())) {
        return n;
      }
      expected = sha256(line);
    }
    return 0;
  }

  private static String sha256(String line) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
