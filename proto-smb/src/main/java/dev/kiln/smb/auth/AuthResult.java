package dev.kiln.smb.auth;

import java.util.Optional;

/**
 * Who authenticated and the session key.
 *
 * @param account the user; empty for an anonymous or guest logon
 * @param guest whether this is a guest logon (SMB2_SESSION_FLAG_IS_GUEST)
 * @param anonymous whether this is an anonymous (null) logon (SMB2_SESSION_FLAG_IS_NULL)
 * @param sessionKey the 16-byte NTLM exported session key from which signing and encryption keys
 *     derive (all zero and unusable for guest and anonymous logons)
 */
public record AuthResult(
    Optional<SmbAccount> account, boolean guest, boolean anonymous, byte[] sessionKey) {}
