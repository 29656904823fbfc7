package dev.kiln.ssh.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericPrincipalsTest {

  @Test
  void decimalIdsRoundTrip() throws Exception {
    assertThat(NumericPrincipals.id(NumericPrincipals.LOOKUP.lookupPrincipalByName("1000")))
        .isEqualTo(1000);
    assertThat(NumericPrincipals.id(NumericPrincipals.LOOKUP.lookupPrincipalByGroupName("0")))
        .isZero();
    assertThat(NumericPrincipals.id(NumericPrincipals.LOOKUP.lookupPrincipalByName("4294967295")))
        .isEqualTo(0xffff_ffffL);
  }

  @Test
  void namesNegativeOversizedAndGarbageAreRefused() throws Exception {
    for (String bad :
        new String[] {"", "root", "-1", "4294967296", "99999999999999999999", "1e3"}) {
      assertThatThrownBy(() -> NumericPrincipals.LOOKUP.lookupPrincipalByName(bad))
          .as(bad)
          .isInstanceOf(UserPrincipalNotFoundException.class);
    }
    Random r = new Random(7);
    for (int i = 0; i < 1000; i++) {
      byte[] b = new byte[r.nextInt(24)];
      r.nextBytes(b);
      String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
      try {
        long id = NumericPrincipals.id(NumericPrincipals.LOOKUP.lookupPrincipalByName(s));
        assertThat(id).isBetween(0L, 0xffff_ffffL);
      } catch (UserPrincipalNotFoundException expected) {
        assertThat(expected.getName()).isEqualTo(s);
      }
    }
  }
}
