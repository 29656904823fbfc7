package dev.kiln.smb.fscc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.SmbWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExtendedAttributesTest {

  private static ExtendedAttributes.Ea ea(String name, String value) {
    return new ExtendedAttributes.Ea(0, name, value.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] encoded(List<ExtendedAttributes.Ea> eas) {
    SmbWriter w = new SmbWriter(64);
    assertThat(ExtendedAttributes.encode(w, eas, Long.MAX_VALUE)).isEqualTo(eas.size());
    return Arrays.copyOf(w.array(), w.position());
  }

  @Test
  void aListRoundTripsWithAlignedEntriesAndUpperCaseNames() throws Exception {
    byte[] b = encoded(List.of(ea("eaone", "VALUE1"), ea("SECONDEA", "ValueTwo")));
    // First entry: 8 + 5 + 1 + 6 = 20 bytes, already aligned; NextEntryOffset says so.
    assertThat(b[0]).isEqualTo((byte) 20);
    assertThat(b.length).isEqualTo(20 + 8 + 8 + 1 + 8);
    assertThat(ExtendedAttributes.size(List.of(ea("EAONE", "VALUE1"), ea("SECONDEA", "ValueTwo"))))
        .isEqualTo(b.length);
    List<ExtendedAttributes.Ea> back = ExtendedAttributes.parseFull(b, 0, b.length);
    assertThat(back).extracting(ExtendedAttributes.Ea::name).containsExactly("EAONE", "SECONDEA");
    assertThat(new String(back.get(1).value(), StandardCharsets.US_ASCII)).isEqualTo("ValueTwo");
  }

  @Test
  void onlyWholeEntriesAreEncodedWithinTheLimit() {
    SmbWriter w = new SmbWriter(64);
    int fit = ExtendedAttributes.encode(w, List.of(ea("A", "1234"), ea("B", "5678")), 20);
    assertThat(fit).isEqualTo(1);
    assertThat(w.position()).isEqualTo(8 + 1 + 1 + 4);
    assertThat(ExtendedAttributes.encode(new SmbWriter(8), List.of(ea("A", "1234")), 5)).isZero();
  }

  @Test
  void badNamesAndFlagsAreRefusedWithTheirStatus() {
    byte[] good = encoded(List.of(ea("NAME", "v")));
    byte[] badName = good.clone();
    badName[8 + 1] = '*';
    assertThatThrownBy(() -> ExtendedAttributes.parseFull(badName, 0, badName.length))
        .isInstanceOf(SmbStatusException.class)
        .extracting(e -> ((SmbStatusException) e).status())
        .isEqualTo(NtStatus.INVALID_EA_NAME);
    byte[] badFlag = good.clone();
    badFlag[4] = 1;
    assertThatThrownBy(() -> ExtendedAttributes.parseFull(badFlag, 0, badFlag.length))
        .extracting(e -> ((SmbStatusException) e).status())
        .isEqualTo(NtStatus.EA_LIST_INCONSISTENT);
  }

  @Test
  void everyTruncationIsInconsistent() {
    byte[] b = encoded(List.of(ea("EAONE", "VALUE1"), ea("SECONDEA", "ValueTwo")));
    for (int len = 0; len < b.length; len++) {
      int n = len;
      assertThatThrownBy(() -> ExtendedAttributes.parseFull(b, 0, n))
          .as("truncated to %d", n)
          .isInstanceOf(SmbStatusException.class);
    }
  }

  @Test
  void randomAndOversizedInputOnlyEverFailsWithAStatus() {
    Random random = new Random(15);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(64)];
      random.nextBytes(b);
      if (b.length > 8 && random.nextBoolean()) {
        b[0] = b[1] = b[2] = b[3] = 0;
        b[4] = 0;
      }
      if (b.length > 8 && random.nextInt(4) == 0) {
        b[0] = (byte) 0xff;
        b[3] = (byte) 0x7f; // a NextEntryOffset far beyond the buffer
      }
      try {
        ExtendedAttributes.parseFull(b, 0, b.length);
        ExtendedAttributes.parseNames(b, 0, b.length);
      } catch (SmbStatusException expected) {
        assertThat(expected.status()).isIn(NtStatus.EA_LIST_INCONSISTENT, NtStatus.INVALID_EA_NAME);
      }
    }
  }

  @Test
  void aNameListParses() throws Exception {
    SmbWriter w = new SmbWriter(32);
    w.u32(12).u8(4).bytes("ABCD".getBytes(StandardCharsets.US_ASCII)).u8(0).zeros(2);
    w.u32(0).u8(2).bytes("xy".getBytes(StandardCharsets.US_ASCII)).u8(0);
    assertThat(ExtendedAttributes.parseNames(w.array(), 0, w.position()))
        .containsExactly("ABCD", "XY");
  }
}
