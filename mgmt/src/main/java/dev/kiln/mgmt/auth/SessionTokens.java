package dev.kiln.mgmt.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens handed out at login: {@code kiln1.<payload>.<mac>}, the payload a small JSON object
 * (user, issued, expires, id) and the MAC an HMAC-SHA256 over it with a key that never leaves the
 * appliance. Verification checks the MAC in constant time before reading the payload, then expiry
 * and revocation.
 */
public final class SessionTokens {

  private static final String PREFIX = "kiln1.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random;
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /**
   * @param key at least 32 random bytes
   * @param clock time source
   * @param lifetime how long a token is valid
   * @param random source of token ids
   */
  public SessionTokens(byte[] key, Clock clock, Duration lifetime, SecureRandom random) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the token key needs at least 32 bytes");
    }
    this.key = key.clone();
    this.clock = clock;
    this.lifetime = lifetime;
    this.random = random;
  }

  /** A verified token's contents. */
  public record Claims(String user, Instant issued, Instant expires, String id) {}

  /** Issues a token for {@code user}. */
  public String issue(String user) {
    Instant now = clock.instant();
    byte[] id = new byte[12];
    random.nextBytes(id);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("sub", user);
    payload.put("iat", now.getEpochSecond());
    payload.put("exp", now.plus(lifetime).getEpochSecond());
    payload.put("jti", HexFormat.of().formatHex(id));
    try {
      String body = B64.encodeToString(JSON.writeValueAsBytes(payload));
      return PREFIX + body + "." + B64.encodeToString(mac(body));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a genuine, unexpired, unrevoked token; empty for anything else. */
  public Optional<Claims> verify(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 4096) {
      return Optional.empty();
    }
    String rest = token.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || rest.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    String body = rest.substring(0, dot);
    byte[] given;
    try {
      given = B64D.decode(rest.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(given, mac(body))) {
      return Optional.empty();
    }
    try {
      JsonNode p = JSON.readTree(B64D.decode(body));
      Claims c =
          new Claims(
              p.get("sub").asText(),
              Instant.ofEpochSecond(p.get("iat").asLong()),
              Instant.ofEpochSecond(p.get("exp").asLong()),
              p.get("jti").asText());
      if (!clock.instant().isBefore(c.expires()) || revoked.contains(c.id())) {
        return Optional.empty();
      }
      return Optional.of(c);
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Revokes a token (logout) until it would have expired anyway. */
  public void revoke(String tokenId) {
    revoked.add(tokenId);
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
