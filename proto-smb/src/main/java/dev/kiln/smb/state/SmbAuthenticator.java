package dev.kiln.smb.state;

import dev.kiln.smb.auth.AuthExchange;

/** The authentication the server offers: the daemon plugs in SPNEGO/NTLMv2 from {@code auth}. */
public interface SmbAuthenticator {

  /** The SPNEGO NegTokenInit sent in the NEGOTIATE response ([MS-SMB2] 3.3.5.4). */
  byte[] negotiateToken();

  /** A fresh exchange for one session set up from {@code remote}. */
  AuthExchange begin(String remote);
}
