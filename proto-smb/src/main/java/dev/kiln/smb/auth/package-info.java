/**
 * Authentication: SPNEGO (RFC 4178) carrying NTLMv2 ([MS-NLMP]) against Kiln's local users.
 *
 * <p>Design notes: NTLMv2 needs the NT hash (MD4 of the UTF-16LE password), so the management plane
 * keeps one beside the PBKDF2 hash, the way Samba keeps smbpasswd; it is as secret as the password.
 * One {@link dev.kiln.smb.auth.AuthExchange} serves one SESSION_SETUP round trip sequence.
 */
package dev.kiln.smb.auth;
