package dev.kiln.smb.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SidTest {

  @Test
  void stringAndBinaryFormsFollowMsDtyp() throws Exception {
    Sid admins = Sid.parse("S-1-5-32-544");
    // [MS-DTYP] 2.4.2.2: revision 1, 2 sub-authorities, authority 5 big-endian, 32 and 544 LE.
    assertThat(HexFormat.of().formatHex(admins.encode()))
        .isEqualTo("010200000000000520000000" + "20020000");
    assertThat(admins).isEqualTo(Sid.ADMINISTRATORS);
    assertThat(Sid.decode(admins.encode(), 0, 16).toString()).isEqualTo("S-1-5-32-544");
    Sid domainUser = Sid.parse("S-1-5-21-3623811015-3361044348-30300820-1013");
    assertThat(Sid.decode(domainUser.encode(), 0, domainUser.length())).isEqualTo(domainUser);
    assertThat(domainUser.toString()).isEqualTo("S-1-5-21-3623811015-3361044348-30300820-1013");
    assertThat(Sid.unixUser(1000).toString()).isEqualTo("S-1-22-1-1000");
    assertThat(Sid.unixGroup(100).gid()).hasValue(100);
    assertThat(Sid.unixGroup(100).uid()).isEmpty();
    assertThat(Sid.parse("S-1-0x123456789ABC-1").toString()).isEqualTo("S-1-0x123456789ABC-1");
  }

  @Test
  void badStringsAreRefused() {
    for (String bad :
        new String[] {
          "",
          "S",
          "S-1",
          "S-2-5-32",
          "S-1-5-",
          "S-1-5-x",
          "S-1-5-4294967296",
          "S-1--5",
          "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
          "X-1-5"
        }) {
      assertThatThrownBy(() -> Sid.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidSecurityDescriptorException.class);
    }
  }

  @Test
  void truncatedAndCorruptBinarySidsAreRefused() {
    byte[] sid = Sid.of("S-1-5-21-1-2-3").encode();
    for (int end = 0; end < sid.length; end++) {
      int e = end;
      assertThatThrownBy(() -> Sid.decode(sid, 0, e))
          .isInstanceOf(InvalidSecurityDescriptorException.class);
    }
    byte[] many = sid.clone();
    many[1] = 16;
    assertThatThrownBy(() -> Sid.decode(many, 0, many.length))
        .isInstanceOf(InvalidSecurityDescriptorException.class);
    byte[] rev = sid.clone();
    rev[0] = 2;
    assertThatThrownBy(() -> Sid.decode(rev, 0, rev.length))
        .isInstanceOf(InvalidSecurityDescriptorException.class);
    Random r = new Random(1);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[r.nextInt(80)];
      r.nextBytes(junk);
      try {
        Sid s = Sid.decode(junk, 0, junk.length);
        assertThat(Sid.decode(s.encode(), 0, s.length())).isEqualTo(s);
      } catch (InvalidSecurityDescriptorException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
