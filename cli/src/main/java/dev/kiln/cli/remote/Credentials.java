package dev.kiln.cli.remote;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens from `kiln login`, per appliance, with the appliance's certificate pinned at first login:
 * {@code ~/.config/kiln/credentials.json} (or {@code $KILN_CREDENTIALS}), mode 0600. Passwords are
 * never stored and never taken from the command line.
 */
public final class Credentials {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One appliance's entry.
   *
   * @param user the user logged in
   * @param token the bearer token
   * @param certificatePem the appliance certificate trusted for this host
   */
  public record Entry(String user, String token, String certificatePem) {}

  private final Path file;
  private final ActingUser acting;

  /** The credentials file in use. */
  public Credentials(Path file) {
    this.file = file;
    this.acting = null;
  }

  /** Only the token of an SSH user's in-process command line; nothing is stored. */
  private Credentials(ActingUser acting) {
    this.file = null;
    this.acting = acting;
  }

  /** The default location. */
  public static Credentials defaults() {
    Optional<ActingUser> acting = ActingUser.current();
    if (acting.isPresent()) {
      return new Credentials(acting.get());
    }
    String env = System.getenv("KILN_CREDENTIALS");
    if (env != null && !env.isBlank()) {
      return new Credentials(Path.of(env));
    }
    return new Credentials(
        Path.of(System.getProperty("user.home"), ".config", "kiln", "credentials.json"));
  }

  /** The entry for {@code host} (host:port). */
  public Optional<Entry> get(String host) throws IOException {
    if (acting != null) {
      return acting.endpoint().host().equals(host)
          ? Optional.of(
              new Entry(acting.user(), acting.token(), acting.endpoint().certificatePem()))
          : Optional.empty();
    }
    return Optional.ofNullable(read().get(host));
  }

  /** Stores or replaces the entry for {@code host}. */
  public void put(String host, Entry entry) throws IOException {
    if (acting != null) {
      throw new IOException("an SSH session is already logged in as " + acting.user());
    }
    Map<String, Entry> all = read();
    all.put(host, entry);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, JSON.writeValueAsBytes(all));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Map<String, Entry> read() throws IOException {
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    return new LinkedHashMap<>(
        JSON.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() {}));
  }
}
