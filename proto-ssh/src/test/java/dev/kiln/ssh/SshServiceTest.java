package dev.kiln.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.common.lifecycle.Health;
import dev.kiln.ssh.auth.SshUser;
import dev.kiln.ssh.auth.SshUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshServiceTest {

  @TempDir Path dir;

  static final SshUsers NOBODY =
      new SshUsers() {
        @Override
        public Optional<SshUser> password(String user, char[] password) {
          return Optional.empty();
        }

        @Override
        public Optional<SshUser> publicKey(String user, PublicKey key) {
          return Optional.empty();
        }
      };

  private SshService service(boolean enabled) {
    return new SshService(
        new SshSettings("127.0.0.1", 0, dir.resolve("keys")),
        () -> null,
        NOBODY,
        (user, args, in, out, err) -> 0,
        List.of(),
        () -> enabled);
  }

  @Test
  void aDisabledServiceDoesNotListen() throws Exception {
    SshService s = service(false);
    s.start();
    assertThat(s.boundPort()).isEqualTo(-1);
    assertThat(s.health()).isEqualTo(new Health(Health.State.STOPPED, "disabled"));
    assertThat(Files.exists(dir.resolve("keys"))).isFalse();
    s.stop();
  }

  @Test
  void anEnabledServiceListensUntilStopped() throws Exception {
    SshService s = service(true);
    s.start();
    try {
      assertThat(s.boundPort()).isPositive();
      assertThat(s.health()).isEqualTo(Health.up());
    } finally {
      s.stop();
    }
    assertThat(s.boundPort()).isEqualTo(-1);
    assertThat(s.health().state()).isEqualTo(Health.State.STOPPED);
  }
}
