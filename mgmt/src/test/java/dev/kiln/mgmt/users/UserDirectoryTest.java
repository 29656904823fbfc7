package dev.kiln.mgmt.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.mgmt.auth.Grants;
import dev.kiln.mgmt.auth.LoginGuard;
import dev.kiln.mgmt.auth.MutableClock;
import dev.kiln.mgmt.auth.NtHash;
import dev.kiln.mgmt.auth.PasswordPolicy;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.auth.WeakPasswordException;
import dev.kiln.mgmt.store.EmbeddedConfigStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserDirectoryTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
  private EmbeddedConfigStore store;
  private UserDirectory users;

  @BeforeEach
  void open() throws Exception {
    store = EmbeddedConfigStore.open(dir);
    users =
        new UserDirectory(
            store,
            clock,
            new SecureRandom(),
            PasswordPolicy.defaults(),
            LoginGuard.defaults(clock),
            1_000);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private static char[] pw(String s) {
    return s.toCharArray();
  }

  @Test
  void createLoginAndEffectiveGrants() throws Exception {
    users.createGroup("storage-ops", new Grants(Map.of("storage", Role.OPERATOR)));
    User alice =
        users.createUser(
            "alice",
            "Alice A.",
            List.of("storage-ops"),
            Grants.everywhere(Role.READONLY),
            pw("correct horse battery"));
    assertThat(alice.uid()).isEqualTo(1000);
    assertThat(alice.passwordHash()).startsWith("pbkdf2-sha256$").doesNotContain("correct");
    UserDirectory.LoginResult ok = users.login("alice", pw("correct horse battery"));
    assertThat(ok.ok()).isTrue();
    Grants g = users.effectiveGrants(ok.user());
    assertThat(g.allows("storage", Role.OPERATOR)).isTrue();
    assertThat(g.allows("system", Role.OPERATOR)).isFalse();
    assertThat(users.createUser("bob", "", List.of(), Grants.none(), pw("another long pass")).uid())
        .isEqualTo(1001);
  }

  @Test
  void wrongPasswordsLockTheAccountEvenForTheRightOne() throws Exception {
    users.createUser("alice", "", List.of(), Grants.none(), pw("correct horse battery"));
    for (int i = 0; i < 5; i++) {
      assertThat(users.login("alice", pw("guess" + i)).failure())
          .isEqualTo(UserDirectory.LoginFailure.WRONG_PASSWORD);
    }
    assertThat(users.login("alice", pw("correct horse battery")).failure())
        .isEqualTo(UserDirectory.LoginFailure.LOCKED);
    clock.advance(Duration.ofMinutes(16));
    assertThat(users.login("alice", pw("correct horse battery")).ok()).isTrue();
    assertThat(users.login("nobody", pw("whatever it is")).failure())
        .isEqualTo(UserDirectory.LoginFailure.UNKNOWN_USER);
  }

  @Test
  void disabledUsersCannotLogIn() throws Exception {
    User u = users.createUser("alice", "", List.of(), Grants.none(), pw("correct horse battery"));
    users.updateUser(
        u,
        new User(
            u.name(),
            u.uid(),
            u.fullName(),
            u.groups(),
            u.grants(),
            u.passwordHash(),
            true,
            u.created()));
    assertThat(users.login("alice", pw("correct horse battery")).failure())
        .isEqualTo(UserDirectory.LoginFailure.DISABLED);
  }

  @Test
  void concurrentEditsDoNotLoseUpdatesSilently() throws Exception {
    User u = users.createUser("alice", "", List.of(), Grants.none(), pw("correct horse battery"));
    users.updateUser(
        u,
        new User(
            u.name(),
            u.uid(),
            "First",
            u.groups(),
            u.grants(),
            u.passwordHash(),
            false,
            u.created()));
    assertThatThrownBy(
            () ->
                users.updateUser(
                    u,
                    new User(
                        u.name(),
                        u.uid(),
                        "Second",
                        u.groups(),
                        u.grants(),
                        u.passwordHash(),
                        false,
                        u.created())))
        .hasMessageContaining("changed by someone else");
    assertThat(users.user("alice").orElseThrow().fullName()).isEqualTo("First");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Alice",
        "../etc",
        "a/b",
        "a\u0000b",
        "-x",
        "1abc",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void badNamesAreRefusedAndNothingIsStored(String name) throws Exception {
    assertThatThrownBy(
            () -> users.createUser(name, "", List.of(), Grants.none(), pw("correct horse battery")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.revision()).isZero();
  }

  @Test
  void weakPasswordsAndDuplicatesAreRefused() throws Exception {
    assertThatThrownBy(() -> users.createUser("alice", "", List.of(), Grants.none(), pw("short")))
        .isInstanceOf(WeakPasswordException.class);
    users.createUser("alice", "", List.of(), Grants.none(), pw("correct horse battery"));
    assertThatThrownBy(
            () ->
                users.createUser(
                    "alice", "", List.of(), Grants.none(), pw("correct horse battery")))
        .hasMessageContaining("already exists");
    assertThatThrownBy(
            () ->
                users.createUser(
                    "bob", "", List.of("ghosts"), Grants.none(), pw("correct horse battery")))
        .hasMessageContaining("no such group");
  }

  @Test
  void groupsWithMembersCannotBeDeleted() throws Exception {
    users.createGroup("staff", Grants.none());
    users.createUser("alice", "", List.of("staff"), Grants.none(), pw("correct horse battery"));
    assertThatThrownBy(() -> users.deleteGroup("staff"))
        .hasMessageContaining("still has member alice");
    assertThat(users.deleteUser("alice")).isTrue();
    assertThat(users.deleteGroup("staff")).isTrue();
    assertThat(users.deleteGroup("staff")).isFalse();
  }

  @Test
  void passwordsAlsoSetTheNtHashThatSmbNeeds() throws Exception {
    User alice =
        users.createUser("alice", "", List.of(), Grants.none(), pw("correct horse battery"));
    assertThat(alice.ntHash()).isEqualTo(NtHash.of(pw("correct horse battery")));
    assertThat(users.user("alice").orElseThrow().ntHash()).isEqualTo(alice.ntHash());
    User changed = users.setPassword("alice", pw("another good password"));
    assertThat(changed.ntHash())
        .isEqualTo(NtHash.of(pw("another good password")))
        .isNotEqualTo(alice.ntHash());
    // [MS-NLMP] 4.2.1: the NT hash of "Password".
    assertThat(NtHash.of(pw("Password"))).isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
  }

  @Test
  void recordsStoredBeforeNtHashesReadWithoutOne() throws Exception {
    store.commit(
        dev.kiln.mgmt.store.Txn.builder()
            .put(
                "/users/old",
                ("{\"name\":\"old\",\"uid\":1500,\"fullName\":\"\",\"groups\":[],"
                        + "\"grants\":{\"roles\":{}},\"passwordHash\":\"\",\"disabled\":false,"
                        + "\"created\":\"2026-01-01T00:00:00Z\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .build());
    assertThat(users.user("old").orElseThrow().ntHash()).isEmpty();
  }

  @Test
  void bootstrapAdminKeepsTheInitialNtHash() throws Exception {
    String hash =
        dev.kiln.mgmt.auth.PasswordHash.create(pw("initial pw"), new SecureRandom(), 1_000)
            .encode();
    assertThatThrownBy(() -> users.bootstrapAdmin("admin", hash, "not hex"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(users.bootstrapAdmin("admin", hash, NtHash.of(pw("initial pw")))).isTrue();
    assertThat(users.user("admin").orElseThrow().ntHash()).isEqualTo(NtHash.of(pw("initial pw")));
  }
}
