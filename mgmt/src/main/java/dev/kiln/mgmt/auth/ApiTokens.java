package dev.kiln.mgmt.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.mgmt.store.ConfigStore;
import dev.kiln.mgmt.store.KeyValue;
import dev.kiln.mgmt.store.Txn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Long-lived tokens for automation: {@code kiln_<id>_<secret>}. Only a SHA-256 of the secret is
 * stored (in the configuration store, {@code /auth/tokens/<id>}), so a copy of the configuration
 * never lets anyone in; the secret is shown once, at creation. Revoking deletes the record.
 */
public final class ApiTokens {

  private static final String PREFIX = "/auth/tokens/";
  private static final Pattern FORMAT = Pattern.compile("kiln_([0-9a-f]{16})_([0-9a-f]{64})");
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final ConfigStore store;
  private final Clock clock;
  private final SecureRandom random;

  /** Tokens kept in {@code store}. */
  public ApiTokens(ConfigStore store, Clock clock, SecureRandom random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A stored token, without its secret.
   *
   * @param id public identifier
   * @param owner the user the token acts as
   * @param name what it is for
   * @param created when it was made
   * @param expires when it stops working, or null for never
   * @param secretSha256 hex SHA-256 of the secret
   */
  public record TokenRecord(
      String id,
      String owner,
      String name,
      Instant created,
      Instant expires,
      String secretSha256) {}

  /**
   * A newly created token: the record and the full token text, shown once.
   *
   * @param record what is stored
   * @param token the bearer value to give the client
   */
  public record Created(TokenRecord record, String token) {}

  /** Creates a token for {@code owner}. */
  public Created create(String owner, String name, Instant expires) throws IOException {
    byte[] idBytes = new byte[8];
    byte[] secret = new byte[32];
    random.nextBytes(idBytes);
    random.nextBytes(secret);
    String id = HexFormat.of().formatHex(idBytes);
    String secretHex = HexFormat.of().formatHex(secret);
    TokenRecord rec = new TokenRecord(id, owner, name, clock.instant(), expires, sha256(secretHex));
    store
        .commit(
            Txn.builder()
                .ifAbsent(PREFIX + id)
                .put(PREFIX + id, JSON.writeValueAsBytes(rec))
                .build())
        .orElseThrow(() -> new IOException("token id collision; try again"));
    return new Created(rec, "kiln_" + id + "_" + secretHex);
  }

  /** The owner's record of a valid, unexpired token; empty for anything else. */
  public Optional<TokenRecord> verify(String token) throws IOException {
    if (token == null) {
      return Optional.empty();
    }
    var m = FORMAT.matcher(token);
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<KeyValue> kv = store.get(PREFIX + m.group(1));
    if (kv.isEmpty()) {
      return Optional.empty();
    }
    TokenRecord rec = JSON.readValue(kv.get().value(), TokenRecord.class);
    boolean secretOk =
        MessageDigest.isEqual(
            sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII),
            rec.secretSha256().getBytes(StandardCharsets.US_ASCII));
    boolean live = rec.expires() == null || clock.instant().isBefore(rec.expires());
    return secretOk && live ? Optional.of(rec) : Optional.empty();
  }

  /** Every token (without secrets), optionally only one owner's. */
  public List<TokenRecord> list(String owner) throws IOException {
    List<TokenRecord> out = new ArrayList<>();
    for (KeyValue kv : store.list(PREFIX)) {
      TokenRecord rec = JSON.readValue(kv.value(), TokenRecord.class);
      if (owner == null || rec.owner().equals(owner)) {
        out.add(rec);
      }
    }
    return out;
  }

  /** Revokes a token; returns whether it existed. */
  public boolean revoke(String id) throws IOException {
    if (store.get(PREFIX + id).isEmpty()) {
      return false;
    }
    store.delete(PREFIX + id);
    return true;
  }

  private static String sha256(String secretHex) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(secretHex.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
