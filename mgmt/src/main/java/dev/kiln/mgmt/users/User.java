package dev.kiln.mgmt.users;

import dev.kiln.mgmt.auth.Grants;
import java.time.Instant;
import java.util.List;

/**
 * A local user as stored (the password only as a hash).
 *
 * @param name login name
 * @param uid numeric id for file ownership (NFS, SFTP)
 * @param fullName display name
 * @param groups names of the groups the user belongs to
 * @param grants roles given to the user directly
 * @param passwordHash encoded {@link dev.kiln.mgmt.auth.PasswordHash}, or empty if password login
 *     is disabled
 * @param disabled whether every login is refused
 * @param created when the user was made
 * @param sshKeys authorized SSH public keys, one OpenSSH {@code authorized_keys} line each
 * @param ntHash the {@link dev.kiln.mgmt.auth.NtHash} (hex) SMB's NTLM needs, as secret as the
 *     password; empty when the password was set before Kiln kept one (never shown by the API)
 */
public record User(
    String name,
    long uid,
    String fullName,
    List<String> groups,
    Grants grants,
    String passwordHash,
    boolean disabled,
    Instant created,
    List<String> sshKeys,
    String ntHash) {

  /** Copies the lists; records stored before SSH keys or NT hashes existed read as having none. */
  public User {
    groups = List.copyOf(groups);
    sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
    ntHash = ntHash == null ? "" : ntHash;
  }

  /** A user without an NT hash (SMB logins need the password set again). */
  public User(
      String name,
      long uid,
      String fullName,
      List<String> groups,
      Grants grants,
      String passwordHash,
      boolean disabled,
      Instant created,
      List<String> sshKeys) {
    this(name, uid, fullName, groups, grants, passwordHash, disabled, created, sshKeys, "");
  }

  /** A user without SSH keys. */
  public User(
      String name,
      long uid,
      String fullName,
      List<String> groups,
      Grants grants,
      String passwordHash,
      boolean disabled,
      Instant created) {
    this(name, uid, fullName, groups, grants, passwordHash, disabled, created, List.of(), "");
  }
}
