/**
 * Authentication: SPNEGO (RFC 4178, [MS-SPNG]) carrying NTLMv2 ([MS-NLMP]) against Kiln's local
 * users.
 *
 * <p>Design notes: NTLMv2 needs the NT hash (MD4 of the UTF-16LE password), so the management plane
 * keeps one beside the PBKDF2 hash, the way Samba keeps smbpasswd; it is as secret as the password.
 * One {@link dev.kiln.smb.auth.AuthExchange} serves one SESSION_SETUP round trip sequence; {@link
 * dev.kiln.smb.auth.SpnegoAcceptor} makes them and the NegTokenInit2 of the NEGOTIATE response.
 * Accepted: SPNEGO with NTLMSSP (optimistic or asked for when the client preferred Kerberos) and
 * raw NTLMSSP; NTLMv2 with extended session security, key exchange, the AUTHENTICATE MIC and the
 * SPNEGO mechListMIC; anonymous (empty responses). Refused with a logon failure: NTLMv1, LM-only,
 * OEM (non-Unicode) NTLM, Kerberos-only clients, and every malformed token (parsers check bounds;
 * the exchange turns anything unexpected into {@link dev.kiln.smb.auth.LogonFailedException}).
 * Guest logons (unknown users mapped to a guest account) are not done: an unknown user fails. The
 * server challenge is random per exchange, so the NTLMv2 timestamp is not checked for replay.
 */
package dev.kiln.smb.auth;
