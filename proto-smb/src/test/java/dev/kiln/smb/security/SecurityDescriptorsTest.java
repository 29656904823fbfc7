package dev.kiln.smb.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityDescriptorsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final int ALL_INFO =
      SecurityInformation.OWNER | SecurityInformation.GROUP | SecurityInformation.DACL;

  /**
   * The SDDL O:S-1-22-1-1000 G:S-1-22-2-100 D:(A;;0x1f01ff;;;S-1-22-1-1000)(D;;FA;;;WD) built by
   * hand from [MS-DTYP] 2.4.6 / 2.4.5 / 2.4.4.2 / 2.4.2.2.
   */
  private static final String HAND_BUILT =
      "0100"
          + "0480" // revision 1, control SELF_RELATIVE | DACL_PRESENT
          + "48000000" // owner at 72
          + "58000000" // group at 88
          + "00000000" // no SACL
          + "14000000" // DACL at 20
          // ACL: revision 2, size 52, 2 ACEs
          + "0200"
          + "3400"
          + "0200"
          + "0000"
          // ACCESS_ALLOWED, no flags, size 24, FILE_ALL_ACCESS, S-1-22-1-1000
          + "00"
          + "00"
          + "1800"
          + "ff011f00"
          + "010200000000001601000000e8030000"
          // ACCESS_DENIED, no flags, size 20, FILE_ALL_ACCESS, S-1-1-0
          + "01"
          + "00"
          + "1400"
          + "ff011f00"
          + "0101000000000001"
          + "00000000"
          // owner S-1-22-1-1000, group S-1-22-2-100
          + "010200000000001601000000e8030000"
          + "01020000000000160200000064000000";

  @Test
  void encodesTheHandBuiltDescriptorByteForByte() {
    Acl acl =
        Acl.of(
            AclEntry.allow(new Principal.User(1000), 0x1f01ff),
            AclEntry.deny(Principal.everyone(), 0x1f01ff));
    assertThat(HEX.formatHex(SecurityDescriptors.encode(acl, 1000, 100, ALL_INFO)))
        .isEqualTo(HAND_BUILT);
  }

  @Test
  void decodesTheHandBuiltDescriptor() throws Exception {
    SecurityDescriptors.Decoded d = SecurityDescriptors.decode(HEX.parseHex(HAND_BUILT));
    assertThat(d.ownerUid()).hasValue(1000);
    assertThat(d.groupGid()).hasValue(100);
    assertThat(d.saclPresent()).isFalse();
    assertThat(d.acl().orElseThrow().entries())
        .containsExactly(
            AclEntry.allow(new Principal.User(1000), 0x1f01ff),
            AclEntry.deny(Principal.everyone(), 0x1f01ff));
  }

  @Test
  void onlyTheRequestedPartsAreReturned() throws Exception {
    Acl acl = Acl.fromMode(0750);
    byte[] ownerOnly = SecurityDescriptors.encode(acl, 5, 6, SecurityInformation.OWNER);
    SecurityDescriptors.Decoded d = SecurityDescriptors.decode(ownerOnly);
    assertThat(d.ownerUid()).hasValue(5);
    assertThat(d.group()).isEmpty();
    assertThat(d.acl()).isEmpty();
    byte[] withSacl = SecurityDescriptors.encode(acl, 5, 6, SecurityInformation.SACL);
    assertThat(withSacl).hasSize(20);
    assertThat(SecurityDescriptors.decode(withSacl).saclPresent()).isFalse();
  }

  @Test
  void ownerAndGroupEntriesSplitIntoSelfAndCreatorAces() throws Exception {
    Set<AclFlag> inherit = Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT);
    Acl acl =
        Acl.of(
            new AclEntry(AclType.ALLOW, inherit, AclMask.ALL, Principal.owner()),
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.DIRECTORY_INHERIT, AclFlag.INHERIT_ONLY),
                AclMask.READ_DATA,
                Principal.owningGroup()),
            AclEntry.allow(Principal.everyone(), AclMask.READ_ACL),
            new AclEntry(
                AclType.AUDIT, Set.of(AclFlag.FAILED_ACCESS), AclMask.ALL, Principal.everyone()),
            AclEntry.allow(new Principal.Sid("S-1-5-21-1-2-3-500"), AclMask.READ_DATA),
            AclEntry.allow(new Principal.Group(42), AclMask.EXECUTE));
    List<AclEntry> back =
        SecurityDescriptors.decode(SecurityDescriptors.encode(acl, 1000, 100, ALL_INFO))
            .acl()
            .orElseThrow()
            .entries();
    assertThat(back)
        .containsExactly(
            AclEntry.allow(new Principal.User(1000), AclMask.ALL),
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT, AclFlag.INHERIT_ONLY),
                AclMask.ALL,
                Principal.owner()),
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.DIRECTORY_INHERIT, AclFlag.INHERIT_ONLY),
                AclMask.READ_DATA,
                Principal.owningGroup()),
            AclEntry.allow(Principal.everyone(), AclMask.READ_ACL),
            AclEntry.allow(new Principal.Sid("S-1-5-21-1-2-3-500"), AclMask.READ_DATA),
            AclEntry.allow(new Principal.Group(42), AclMask.EXECUTE));
  }

  @Test
  void creatorAcesOnlyEverActThroughInheritance() throws Exception {
    // (A;;FA;;;CO)(A;OI;FA;;;CG): Windows ignores the first for access checks, and the second
    // applies only to what inherits it.
    String sd =
        "01000480"
            + "00000000"
            + "00000000"
            + "00000000"
            + "14000000"
            + "0200"
            + "3000"
            + "0200"
            + "0000"
            + "00"
            + "00"
            + "1400"
            + "ff011f00"
            + "010100000000000300000000"
            + "00"
            + "01"
            + "1400"
            + "ff011f00"
            + "010100000000000301000000";
    List<AclEntry> entries =
        SecurityDescriptors.decode(HEX.parseHex(sd)).acl().orElseThrow().entries();
    assertThat(entries)
        .containsExactly(
            AclEntry.allow(new Principal.Sid("S-1-3-0"), 0x1f01ff),
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.FILE_INHERIT, AclFlag.INHERIT_ONLY),
                0x1f01ff,
                Principal.owningGroup()));
    // And back: the SID stays CREATOR OWNER, the group@ entry is CREATOR GROUP inherit-only.
    byte[] again = SecurityDescriptors.encode(new Acl(entries), 1, 2, SecurityInformation.DACL);
    assertThat(HEX.formatHex(again)).contains("010100000000000300000000").contains("0009");
  }

  @Test
  void roundTripsKeepEveryFlagAndRight() throws Exception {
    Random r = new Random(9);
    AclFlag[] flags = AclFlag.values();
    for (int i = 0; i < 300; i++) {
      java.util.ArrayList<AclEntry> entries = new java.util.ArrayList<>();
      for (int e = 0; e < r.nextInt(6); e++) {
        java.util.EnumSet<AclFlag> f = java.util.EnumSet.noneOf(AclFlag.class);
        for (AclFlag flag : flags) {
          if (r.nextInt(3) == 0) {
            f.add(flag);
          }
        }
        Principal p =
            switch (r.nextInt(4)) {
              case 0 -> Principal.everyone();
              case 1 -> new Principal.User(r.nextInt(100_000));
              case 2 -> new Principal.Group(r.nextInt(100_000));
              default -> new Principal.Sid("S-1-5-21-" + r.nextInt(1 << 30) + "-7");
            };
        entries.add(
            new AclEntry(
                r.nextBoolean() ? AclType.ALLOW : AclType.DENY, f, r.nextInt() & AclMask.ALL, p));
      }
      Acl acl = new Acl(entries);
      byte[] sd = SecurityDescriptors.encode(acl, 1, 2, ALL_INFO);
      assertThat(SecurityDescriptors.decode(sd).acl()).contains(acl);
      assertThat(
              SecurityDescriptors.encode(
                  SecurityDescriptors.decode(sd).acl().get(), 1, 2, ALL_INFO))
          .isEqualTo(sd);
    }
  }

  @Test
  void genericRightsBecomeFileRights() {
    assertThat(SecurityDescriptors.specificRights(0x80000000)).isEqualTo(0x120089);
    assertThat(SecurityDescriptors.specificRights(0x40000000)).isEqualTo(0x120116);
    assertThat(SecurityDescriptors.specificRights(0x20000000)).isEqualTo(0x1200a0);
    assertThat(SecurityDescriptors.specificRights(0x10000000)).isEqualTo(0x1f01ff);
    // MAXIMUM_ALLOWED and ACCESS_SYSTEM_SECURITY have no place in a stored ACL.
    assertThat(SecurityDescriptors.specificRights(0x03000001)).isEqualTo(0x1);
  }

  @Test
  void nullAndEmptyDacls() throws Exception {
    byte[] nullDacl = HEX.parseHex("01000480" + "00000000" + "00000000" + "00000000" + "00000000");
    assertThat(SecurityDescriptors.decode(nullDacl).acl().orElseThrow().entries())
        .containsExactly(AclEntry.allow(Principal.everyone(), AclMask.ALL));
    byte[] empty = SecurityDescriptors.encode(Acl.of(), 1, 1, SecurityInformation.DACL);
    assertThat(SecurityDescriptors.decode(empty).acl().orElseThrow().entries()).isEmpty();
  }

  @Test
  void malformedDescriptorsAreRefused() {
    byte[] good = HEX.parseHex(HAND_BUILT);
    List<byte[]> bad = new java.util.ArrayList<>();
    for (int len = 0; len < good.length; len++) {
      bad.add(java.util.Arrays.copyOf(good, len));
    }
    bad.add(patch(good, 0, "02")); // revision
    bad.add(patch(good, 2, "0400")); // not self-relative
    bad.add(patch(good, 4, "ff000000")); // owner offset beyond the end
    bad.add(patch(good, 4, "04000000")); // owner offset inside the header
    bad.add(patch(good, 16, "f0ffffff")); // DACL offset huge
    bad.add(patch(good, 22, "ff00")); // ACL size beyond the descriptor
    bad.add(patch(good, 22, "0400")); // ACL size smaller than its header
    bad.add(patch(good, 24, "0300")); // more ACEs than the ACL holds
    bad.add(patch(good, 30, "0c00")); // ACE size too small
    bad.add(patch(good, 30, "1600")); // ACE size not a multiple of 4
    bad.add(patch(good, 28, "05")); // object ACE
    bad.add(patch(good, 28, "02")); // audit ACE in a DACL
    bad.add(patch(good, 37, "05")); // SID claims 5 sub-authorities in a 24-byte ACE
    bad.add(patch(good, 72, "03")); // owner SID revision
    bad.add(patch(good, 89, "0f")); // group SID claims 15 sub-authorities past the end
    bad.add(patch(good, 20, "03")); // ACL revision
    for (byte[] b : bad) {
      assertThatThrownBy(() -> SecurityDescriptors.decode(b))
          .as(HEX.formatHex(b))
          .isInstanceOf(InvalidSecurityDescriptorException.class);
    }
  }

  @Test
  void randomInputIsRefusedOrDecodedNeverACrash() {
    Random r = new Random(4);
    byte[] good = HEX.parseHex(HAND_BUILT);
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = good.clone();
      for (int f = 0; f < 1 + r.nextInt(3); f++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt();
      }
      try {
        SecurityDescriptors.decode(b);
        decoded++;
      } catch (InvalidSecurityDescriptorException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(decoded).isPositive().isLessThan(20_000);
  }

  private static byte[] patch(byte[] b, int at, String hex) {
    byte[] out = b.clone();
    byte[] p = HEX.parseHex(hex);
    System.arraycopy(p, 0, out, at, p.length);
    return out;
  }
}
