package dev.kiln.smb.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.testkit.InteropPeers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samba's {@code ntlm_auth} (Debian package winbind) as an independent NTLMv2 and SPNEGO client: it
 * builds NEGOTIATE and AUTHENTICATE (with MIC and mechListMIC) from the password and checks the
 * server's mechListMIC.
 */
class NtlmAuthInteropTest {

  @TempDir Path dir;

  private final TestAccounts accounts = new TestAccounts().add("alice", "Secret-Pass-1");
  private final SpnegoAcceptor acceptor =
      new SpnegoAcceptor(
          accounts, NtlmTargetNames.forHost("kiln"), Clock.systemUTC(), new SecureRandom());

  /** One ntlm_auth client helper speaking the squid helper protocol on its stdin/stdout. */
  private final class Helper implements AutoCloseable {
    final Process process;
    final Writer in;
    final BufferedReader out;

    Helper(String protocol, String password) throws IOException {
      Path ntlmAuth = InteropPeers.require("ntlm_auth", "winbind");
      Path conf = dir.resolve("smb.conf");
      if (!Files.exists(conf)) {
        for (String d : List.of("lock", "state", "cache", "private")) {
          Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(
            conf,
            "[global]\n  workgroup = WORKGROUP\n"
                + "  lock directory = "
                + dir.resolve("lock")
                + "\n"
                + "  state directory = "
                + dir.resolve("state")
                + "\n"
                + "  cache directory = "
                + dir.resolve("cache")
                + "\n"
                + "  private dir = "
                + dir.resolve("private")
                + "\n");
      }
      process =
          new ProcessBuilder(
                  ntlmAuth.toString(),
                  "--configfile=" + conf,
                  "--helper-protocol=" + protocol,
                  "--username=alice",
                  "--domain=WORKGROUP",
                  "--password=" + password)
              .redirectError(dir.resolve(protocol + ".err").toFile())
              .start();
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Sends one line; returns the helper's answer. */
    String say(String line) throws IOException {
      in.write(line + "\n");
      in.flush();
      String answer = out.readLine();
      assertThat(answer).as("ntlm_auth answer to " + line).isNotNull();
      return answer;
    }

    @Override
    public void close() throws Exception {
      in.close();
      process.destroy();
      process.waitFor();
    }
  }

  private static byte[] payload(String answer, String verb) {
    assertThat(answer).startsWith(verb + " ");
    return Base64.getDecoder().decode(answer.substring(verb.length() + 1).strip());
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void rawNtlmsspClientAuthenticates() throws Exception {
    try (Helper h = new Helper("ntlmssp-client-1", "Secret-Pass-1")) {
      AuthExchange ex = acceptor.newExchange("127.0.0.1");
      byte[] negotiate = payload(h.say("YR"), "YR");
      AuthStep challenge = ex.accept(negotiate);
      // The plain NTLMSSP helper answers the last leg with AF and the AUTHENTICATE message.
      byte[] authenticate = payload(h.say("TT " + b64(challenge.responseToken())), "AF");
      AuthResult result = ex.accept(authenticate).result().orElseThrow();
      assertThat(result.account()).map(SmbAccount::name).contains("alice");
      assertThat(result.sessionKey()).hasSize(16).isNotEqualTo(new byte[16]);
    }
  }

  @Test
  void spnegoClientAuthenticatesAndAcceptsOurMechListMic() throws Exception {
    try (Helper h = new Helper("gss-spnego-client", "Secret-Pass-1")) {
      AuthExchange ex = acceptor.newExchange("127.0.0.1");
      byte[] init = payload(h.say("YR"), "YR");
      AuthStep challenge = ex.accept(init);
      byte[] authenticate = payload(h.say("TT " + b64(challenge.responseToken())), "KK");
      AuthStep done = ex.accept(authenticate);
      assertThat(done.result().orElseThrow().account()).isPresent();
      // ntlm_auth negotiates neither signing nor a mechListMIC, so the answer carries none.
      assertThat(SpnegoTokens.parseResp(done.responseToken()).mechListMic()).isEmpty();
      // The client checks the final NegTokenResp and says AF when it accepts it.
      assertThat(h.say("TT " + b64(done.responseToken()))).startsWith("AF");
    }
  }

  @Test
  void spnegoClientWithTheWrongPasswordIsRefused() throws Exception {
    try (Helper h = new Helper("gss-spnego-client", "Wrong-Pass-2")) {
      AuthExchange ex = acceptor.newExchange("127.0.0.1");
      AuthStep challenge = ex.accept(payload(h.say("YR"), "YR"));
      byte[] authenticate = payload(h.say("TT " + b64(challenge.responseToken())), "KK");
      assertThatThrownBy(() -> ex.accept(authenticate))
          .isInstanceOf(LogonFailedException.class)
          .hasMessageContaining("wrong password");
      assertThat(accounts.failures).containsExactly("alice@127.0.0.1");
    }
  }
}
