package dev.kiln.smb.auth;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * One SPNEGO or raw NTLMSSP exchange: START, then (SPNEGO only, when NTLMSSP was not the client's
 * optimistic choice) WANT_NEGOTIATE, then WANT_AUTHENTICATE, then DONE. Any failure ends it.
 */
final class SpnegoExchange implements AuthExchange {

  private enum State {
    START,
    WANT_NEGOTIATE,
    WANT_AUTHENTICATE,
    DONE,
    FAILED
  }

  private static final byte[] NONE = new byte[0];

  private final NtlmServer ntlm;
  private final byte[] negotiateToken;
  private State state = State.START;
  private boolean spnego;
  private byte[] mechTypesDer = NONE;

  SpnegoExchange(NtlmServer ntlm, byte[] negotiateToken) {
    this.ntlm = ntlm;
    this.negotiateToken = negotiateToken;
  }

  @Override
  public AuthStep accept(byte[] clientToken) throws LogonFailedException {
    if (state == State.DONE || state == State.FAILED) {
      throw new LogonFailedException("the exchange is over");
    }
    try {
      return step(clientToken == null ? NONE : clientToken);
    } catch (LogonFailedException e) {
      state = State.FAILED;
      throw spnego ? e.withResponseToken(reject()) : e;
    } catch (RuntimeException e) {
      // Parsers check bounds; this is the last guard so that bad input never escapes as a crash.
      state = State.FAILED;
      throw LogonFailedException.malformed("malformed token: " + e, spnego ? reject() : NONE);
    }
  }

  private AuthStep step(byte[] token) throws LogonFailedException {
    switch (state) {
      case START -> {
        if (token.length == 0) {
          // A client that ignored the NEGOTIATE hint gets it again ([MS-SPNG] 3.2.5.2).
          return new AuthStep(negotiateToken.clone(), Optional.empty());
        }
        if (NtlmServer.isNtlm(token)) {
          byte[] challenge = ntlm.challenge(token);
          state = State.WANT_AUTHENTICATE;
          return new AuthStep(challenge, Optional.empty());
        }
        if (!SpnegoTokens.isInit(token)) {
          throw new LogonFailedException("neither SPNEGO NegTokenInit nor NTLMSSP");
        }
        spnego = true;
        SpnegoTokens.ClientInit init = SpnegoTokens.parseInit(token);
        mechTypesDer = init.mechTypesDer();
        int ntlmAt = -1;
        for (int i = 0; i < init.mechTypes().size(); i++) {
          if (Arrays.equals(init.mechTypes().get(i), SpnegoTokens.NTLMSSP_OID)) {
            ntlmAt = i;
            break;
          }
        }
        if (ntlmAt < 0) {
          throw new LogonFailedException("the client offers no NTLMSSP (Kerberos is not served)");
        }
        if (ntlmAt == 0 && init.mechToken().length > 0) {
          byte[] challenge = ntlm.challenge(init.mechToken());
          state = State.WANT_AUTHENTICATE;
          return incomplete(true, challenge);
        }
        // The optimistic token was for another mechanism: ask for NTLMSSP (RFC 4178 §5 d).
        state = State.WANT_NEGOTIATE;
        return incomplete(true, NONE);
      }
      case WANT_NEGOTIATE -> {
        byte[] inner = SpnegoTokens.parseResp(token).responseToken();
        byte[] challenge = ntlm.challenge(inner);
        state = State.WANT_AUTHENTICATE;
        return incomplete(false, challenge);
      }
      case WANT_AUTHENTICATE -> {
        if (!spnego) {
          AuthResult result = ntlm.authenticate(token);
          state = State.DONE;
          return new AuthStep(NONE, Optional.of(result));
        }
        SpnegoTokens.ClientResp resp = SpnegoTokens.parseResp(token);
        AuthResult result = ntlm.authenticate(resp.responseToken());
        byte[] mic = NONE;
        if (resp.mechListMic().length > 0 && !result.anonymous()) {
          byte[] expected = ntlm.mechListMic(mechTypesDer, true);
          if (!MessageDigest.isEqual(expected, resp.mechListMic())) {
            throw new LogonFailedException("SPNEGO mechListMIC does not match");
          }
          mic = ntlm.mechListMic(mechTypesDer, false);
        }
        state = State.DONE;
        return new AuthStep(
            SpnegoTokens.negTokenResp(SpnegoTokens.ACCEPT_COMPLETED, false, NONE, mic),
            Optional.of(result));
      }
      default -> throw new LogonFailedException("the exchange is over");
    }
  }

  private AuthStep incomplete(boolean withMech, byte[] token) {
    return new AuthStep(
        SpnegoTokens.negTokenResp(SpnegoTokens.ACCEPT_INCOMPLETE, withMech, token, NONE),
        Optional.empty());
  }

  private byte[] reject() {
    return SpnegoTokens.negTokenResp(SpnegoTokens.REJECT, false, NONE, NONE);
  }
}
