package dev.kiln.mgmt.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

  @Test
  void roundTripsThroughItsStoredForm() {
    PasswordHash h = PasswordHash.create("s3cret".toCharArray(), new SecureRandom(), 1_000);
    PasswordHash back = PasswordHash.decode(h.encode());
    assertThat(back.matches("s3cret".toCharArray())).isTrue();
    assertThat(back.matches("s3cret ".toCharArray())).isFalse();
    assertThat(back.iterations()).isEqualTo(1_000);
  }

  @Test
  void samePasswordGetsDifferentSalts() {
    SecureRandom r = new SecureRandom();
    assertThat(PasswordHash.create("x".toCharArray(), r, 10).encode())
        .isNotEqualTo(PasswordHash.create("x".toCharArray(), r, 10).encode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain",
        "md5$1$aa$bb",
        "pbkdf2-sha256$x$aa$bb",
        "pbkdf2-sha256$0$aa$bb",
        "pbkdf2-sha256$10$!!$bb",
        "pbkdf2-sha256$10$aa"
      })
  void malformedStoredFormsAreRefused(String text) {
    assertThatThrownBy(() -> PasswordHash.decode(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
