package dev.kiln.smb.auth;

import java.util.List;

/**
 * A Kiln user as the SMB service needs it.
 *
 * @param name login name
 * @param uid numeric user id for file ownership
 * @param gids numeric group ids; the first is the primary group
 * @param ntHash MD4 of the UTF-16LE password (16 bytes), the NTLM secret
 * @param superuser whether file permissions do not apply (an administrator, like root)
 * @param readOnly whether the user's role allows reads only
 */
public record SmbAccount(
    String name, long uid, List<Long> gids, byte[] ntHash, boolean superuser, boolean readOnly) {

  /** Copies the lists; a user without groups gets its uid as its group. */
  public SmbAccount {
    gids = gids.isEmpty() ? List.of(uid) : List.copyOf(gids);
    ntHash = ntHash.clone();
  }
}
