package dev.kiln.mgmt.users;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.LoginGuard;
import dev.kiln.mgmt.auth.NtHash;
import dev.kiln.mgmt.auth.PasswordHash;
import dev.kiln.mgmt.auth.PasswordPolicy;
import dev.kiln.mgmt.auth.WeakPasswordException;
import dev.kiln.mgmt.store.ConfigStore;
import dev.kiln.mgmt.store.KeyValue;
import dev.kiln.mgmt.store.Txn;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Local users and groups in the configuration store ({@code /users/<name>}, {@code
 * /groups/<name>}), with password checks that go through the shared {@link LoginGuard}. Changes use
 * compare-and-swap, so two administrators editing at once never lose an update silently.
 */
public final class UserDirectory {

  /** Names as POSIX tools accept them. */
  public static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final ConfigStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final PasswordPolicy policy;
  private final LoginGuard guard;
  private final int iterations;

  /**
   * @param store where users live
   * @param clock time source
   * @param random salt source
   * @param policy rules for new passwords
   * @param guard lockout shared by every login path
   * @param iterations PBKDF2 iterations for new hashes
   */
  public UserDirectory(
      ConfigStore store,
      Clock clock,
      SecureRandom random,
      PasswordPolicy policy,
      LoginGuard guard,
      int iterations) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.policy = policy;
    this.guard = guard;
    this.iterations = iterations;
  }

  /** Why a login failed; the API says only "invalid credentials" to the client. */
  public enum LoginFailure {
    UNKNOWN_USER,
    WRONG_PASSWORD,
    DISABLED,
    LOCKED
  }

  /**
   * A login attempt's result.
   *
   * @param user the user, when the password was right and the account usable
   * @param failure why not, otherwise
   */
  public record LoginResult(User user, LoginFailure failure) {
    /** Whether the login succeeded. */
    public boolean ok() {
      return user != null;
    }
  }

  /** Checks a password, counting failures and honouring the lockout. */
  public LoginResult login(String name, char[] password) throws IOException {
    if (guard.lockedUntil(name).isPresent()) {
      return new LoginResult(null, LoginFailure.LOCKED);
    }
    Optional<User> user = user(name);
    if (user.isEmpty()) {
      // Same cost as a real check, so timing does not reveal which names exist.
      PasswordHash.create(password, random, iterations);
      guard.failed(name);
      return new LoginResult(null, LoginFailure.UNKNOWN_USER);
    }
    User u = user.get();
    boolean ok =
        !u.passwordHash().isEmpty() && PasswordHash.decode(u.passwordHash()).matches(password);
    if (!ok) {
      guard.failed(name);
      return new LoginResult(null, LoginFailure.WRONG_PASSWORD);
    }
    if (u.disabled()) {
      return new LoginResult(null, LoginFailure.DISABLED);
    }
    guard.succeeded(name);
    return new LoginResult(u, null);
  }

  /** Whether repeated failures locked the account (every login path honours it). */
  public boolean locked(String name) {
    return guard.lockedUntil(name).isPresent();
  }

  /** Counts a failed login that did not go through {@link #login} (an SSH key, say). */
  public void failed(String name) {
    guard.failed(name);
  }

  /** Counts a successful login that did not go through {@link #login} (an SMB NTLM logon). */
  public void succeeded(String name) {
    guard.succeeded(name);
  }

  /** A user by name. */
  public Optional<User> user(String name) throws IOException {
    Optional<KeyValue> kv = store.get("/users/" + name);
    return kv.isEmpty()
        ? Optional.empty()
        : Optional.of(JSON.readValue(kv.get().value(), User.class));
  }

  /** Every user, by name. */
  public List<User> users() throws IOException {
    List<User> out = new ArrayList<>();
    for (KeyValue kv : store.list("/users/")) {
      out.add(JSON.readValue(kv.value(), User.class));
    }
    return out;
  }

  /** Creates a user with a password that meets the policy. */
  public User createUser(
      String name, String fullName, List<String> groups, Grants grants, char[] password)
      throws IOException, WeakPasswordException {
    checkName(name);
    policy.check(name, password);
    for (String g : groups) {
      if (group(g).isEmpty()) {
        throw new IllegalArgumentException("no such group: " + g);
      }
    }
    long uid = nextId("/users/", 1000);
    User u =
        new User(
            name,
            uid,
            fullName,
            groups,
            grants,
            PasswordHash.create(password, random, iterations).encode(),
            false,
            clock.instant(),
            List.of(),
            NtHash.of(password));
    if (store
        .commit(
            Txn.builder()
                .ifAbsent("/users/" + name)
                .put("/users/" + name, JSON.writeValueAsBytes(u))
                .build())
        .isEmpty()) {
      throw new IllegalStateException("user " + name + " already exists");
    }
    return u;
  }

  /** Replaces a user's record if nobody changed it since {@code expected} was read. */
  public User updateUser(User expected, User updated) throws IOException {
    if (!expected.name().equals(updated.name())) {
      throw new IllegalArgumentException("a user's name cannot change");
    }
    KeyValue current =
        store
            .get("/users/" + expected.name())
            .orElseThrow(() -> new IllegalArgumentException("no such user: " + expected.name()));
    if (!JSON.readValue(current.value(), User.class).equals(expected)) {
      throw new IllegalStateException(
          "user " + expected.name() + " was changed by someone else; reload and retry");
    }
    store
        .commit(
            Txn.builder()
                .ifModRevision(current.key(), current.modRevision())
                .put(current.key(), JSON.writeValueAsBytes(updated))
                .build())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "user " + expected.name() + " was changed by someone else; reload and retry"));
    return updated;
  }

  /**
   * At first start, makes {@code name} an administrator with an already hashed password (the
   * appliance's initial credential), when no user exists yet; returns whether it did.
   */
  public boolean bootstrapAdmin(String name, String passwordHash) throws IOException {
    return bootstrapAdmin(name, passwordHash, "");
  }

  /**
   * Like {@link #bootstrapAdmin(String, String)}, with the password's {@link NtHash} (empty when
   * unknown: the data directory predates it) so that the administrator can use SMB.
   */
  public boolean bootstrapAdmin(String name, String passwordHash, String ntHash)
      throws IOException {
    checkName(name);
    PasswordHash.decode(passwordHash);
    if (!ntHash.isEmpty() && !NtHash.isValid(ntHash)) {
      throw new IllegalArgumentException("malformed NT hash");
    }
    if (!store.list("/users/").isEmpty()) {
      return false;
    }
    User u =
        new User(
            name,
            1000,
            "Administrator",
            List.of(),
            Grants.everywhere(dev.kiln.mgmt.auth.Role.ADMIN),
            passwordHash,
            false,
            clock.instant(),
            List.of(),
            ntHash);
    return store
        .commit(
            Txn.builder()
                .ifAbsent("/users/" + name)
                .put("/users/" + name, JSON.writeValueAsBytes(u))
                .build())
        .isPresent();
  }

  /** Sets a new password (policy checked). */
  public User setPassword(String name, char[] password) throws IOException, WeakPasswordException {
    User u = user(name).orElseThrow(() -> new IllegalArgumentException("no such user: " + name));
    policy.check(name, password);
    return updateUser(
        u,
        new User(
            u.name(),
            u.uid(),
            u.fullName(),
            u.groups(),
            u.grants(),
            PasswordHash.create(password, random, iterations).encode(),
            u.disabled(),
            u.created(),
            u.sshKeys(),
            NtHash.of(password)));
  }

  /** Deletes a user; returns whether it existed. */
  public boolean deleteUser(String name) throws IOException {
    if (store.get("/users/" + name).isEmpty()) {
      return false;
    }
    store.delete("/users/" + name);
    return true;
  }

  /** A group by name. */
  public Optional<Group> group(String name) throws IOException {
    Optional<KeyValue> kv = store.get("/groups/" + name);
    return kv.isEmpty()
        ? Optional.empty()
        : Optional.of(JSON.readValue(kv.get().value(), Group.class));
  }

  /** Every group. */
  public List<Group> groups() throws IOException {
    List<Group> out = new ArrayList<>();
    for (KeyValue kv : store.list("/groups/")) {
      out.add(JSON.readValue(kv.value(), Group.class));
    }
    return out;
  }

  /** Creates a group. */
  public Group createGroup(String name, Grants grants) throws IOException {
    checkName(name);
    Group g = new Group(name, nextId("/groups/", 1000), grants);
    if (store
        .commit(
            Txn.builder()
                .ifAbsent("/groups/" + name)
                .put("/groups/" + name, JSON.writeValueAsBytes(g))
                .build())
        .isEmpty()) {
      throw new IllegalStateException("group " + name + " already exists");
    }
    return g;
  }

  /** Deletes a group no user belongs to. */
  public boolean deleteGroup(String name) throws IOException {
    for (User u : users()) {
      if (u.groups().contains(name)) {
        throw new IllegalStateException("group " + name + " still has member " + u.name());
      }
    }
    if (store.get("/groups/" + name).isEmpty()) {
      return false;
    }
    store.delete("/groups/" + name);
    return true;
  }

  /** The user's own grants joined with those of its groups. */
  public Grants effectiveGrants(User u) throws IOException {
    Grants g = u.grants();
    for (String name : u.groups()) {
      Optional<Group> group = group(name);
      if (group.isPresent()) {
        g = g.union(group.get().grants());
      }
    }
    return g;
  }

  private long nextId(String prefix, long first) throws IOException {
    long max = first - 1;
    for (KeyValue kv : store.list(prefix)) {
      var node = JSON.readTree(kv.value());
      max = Math.max(max, node.has("uid") ? node.get("uid").asLong() : node.path("gid").asLong());
    }
    return max + 1;
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "names are 1-32 characters: lower-case letters, digits, '_' and '-', not starting with a digit or '-'");
    }
  }
}
