package dev.kiln.ssh.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeysTest {

  @TempDir Path dir;

  @Test
  void keysAreMadeOnceKeptPrivateAndReloadedUnchanged() throws Exception {
    List<KeyPair> first = HostKeys.loadOrCreate(dir);
    assertThat(first).hasSize(2);
    assertThat(first.get(0).getPublic().getAlgorithm()).containsIgnoringCase("ed");
    assertThat(first.get(1).getPublic().getAlgorithm()).isEqualTo("EC");
    for (String f : List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
          .isEqualTo("rw-------");
    }
    List<KeyPair> again = HostKeys.loadOrCreate(dir);
    for (int i = 0; i < 2; i++) {
      assertThat(again.get(i).getPublic().getEncoded())
          .isEqualTo(first.get(i).getPublic().getEncoded());
    }
  }

  @Test
  void corruptKeyFilesAreAClearError() throws Exception {
    HostKeys.loadOrCreate(dir);
    Files.writeString(dir.resolve("ssh_host_ecdsa_key"), "-----BEGIN PRIVATE KEY-----\n%%%\n");
    assertThatThrownBy(() -> HostKeys.loadOrCreate(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ssh_host_ecdsa_key");
    Files.writeString(dir.resolve("ssh_host_ecdsa_key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
    assertThatThrownBy(() -> HostKeys.loadOrCreate(dir))
        .isInstanceOf(java.security.GeneralSecurityException.class);
  }
}
