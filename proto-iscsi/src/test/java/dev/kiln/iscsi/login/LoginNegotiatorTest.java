package dev.kiln.iscsi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoginNegotiatorTest {

  private static TextParameters negotiate(LoginNegotiator n, String... pairs) throws Exception {
    TextParameters out = new TextParameters();
    for (int i = 0; i < pairs.length; i += 2) {
      n.offer(pairs[i], pairs[i + 1], out);
    }
    return out;
  }

  @Test
  void numericKeysTakeTheRfcMinimumOrMaximum() throws Exception {
    LoginNegotiator n = new LoginNegotiator(TargetLimits.standard());
    TextParameters out =
        negotiate(
            n,
            "MaxBurstLength",
            "16776192",
            "FirstBurstLength",
            "4096",
            "MaxOutstandingR2T",
            "8",
            "DefaultTime2Wait",
            "0",
            "MaxRecvDataSegmentLength",
            "65536");
    assertThat(out.get("MaxBurstLength")).isEqualTo("1048576");
    assertThat(out.get("FirstBurstLength")).isEqualTo("4096");
    assertThat(out.get("MaxOutstandingR2T")).isEqualTo("1");
    assertThat(out.get("DefaultTime2Wait")).isEqualTo("2");
    // Declarative: not answered, but remembered for what we send.
    assertThat(out.get("MaxRecvDataSegmentLength")).isNull();
    assertThat(n.result().initiatorMaxRecvDataSegment()).isEqualTo(65536);
  }

  @Test
  void digestsAndBooleans() throws Exception {
    LoginNegotiator n = new LoginNegotiator(TargetLimits.standard());
    TextParameters out =
        negotiate(
            n,
            "HeaderDigest",
            "CRC32C,None",
            "DataDigest",
            "None,CRC32C",
            "InitialR2T",
            "No",
            "ImmediateData",
            "Yes",
            "DataPDUInOrder",
            "No",
            "ErrorRecoveryLevel",
            "2");
    assertThat(out.get("HeaderDigest")).isEqualTo("CRC32C");
    assertThat(out.get("DataDigest")).isEqualTo("None");
    assertThat(out.get("InitialR2T")).isEqualTo("No");
    assertThat(out.get("DataPDUInOrder")).isEqualTo("Yes");
    assertThat(out.get("ErrorRecoveryLevel")).isEqualTo("0");
    SessionParameters p = n.result();
    assertThat(p.headerDigest()).isTrue();
    assertThat(p.dataDigest()).isFalse();
    assertThat(p.initialR2T()).isFalse();
  }

  @Test
  void badValuesAndRepeatsAreInitiatorErrors() {
    LoginNegotiator n = new LoginNegotiator(TargetLimits.standard());
    assertThatThrownBy(() -> negotiate(n, "MaxBurstLength", "12"))
        .isInstanceOf(NegotiationException.class);
    assertThatThrownBy(() -> negotiate(n, "InitialR2T", "maybe"))
        .isInstanceOf(NegotiationException.class);
    assertThatThrownBy(() -> negotiate(n, "MaxConnections", "x1"))
        .isInstanceOf(NegotiationException.class);
    LoginNegotiator twice = new LoginNegotiator(TargetLimits.standard());
    assertThatThrownBy(() -> negotiate(twice, "ImmediateData", "Yes", "ImmediateData", "No"))
        .isInstanceOf(NegotiationException.class);
  }

  @Test
  void unknownKeysAreNotOperational() throws Exception {
    LoginNegotiator n = new LoginNegotiator(TargetLimits.standard());
    assertThat(n.offer("X-com.example.Foo", "1", new TextParameters())).isFalse();
  }

  @Test
  void textCodecRoundTripsAndRejectsGarbage() throws Exception {
    TextParameters t = new TextParameters().add("A", "1").add("B", "x=y");
    TextParameters back = TextParameters.parse(t.encode());
    assertThat(back.pairs()).isEqualTo(t.pairs());
    assertThatThrownBy(
            () ->
                TextParameters.parse(ByteBuffer.wrap("novalue\0".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(TextFormatException.class);
    assertThatThrownBy(
            () -> TextParameters.parse(ByteBuffer.wrap("=v\0".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(TextFormatException.class);
  }
}
