package dev.kiln.ssh.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.ssh.auth.SshUser;
import dev.kiln.ssh.auth.SshUser.FileAccess;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionCheckTest {

  static final SshUser ALICE = new SshUser("alice", 1001, List.of(100L), FileAccess.READ_WRITE);
  static final int R = PermissionCheck.READ;
  static final int W = PermissionCheck.WRITE;
  static final int X = PermissionCheck.EXECUTE;

  static Attributes file(long uid, long gid, int mode) {
    Instant t = Instant.EPOCH;
    return new Attributes(
        5, 1, FileType.FILE, mode, 1, uid, gid, null, null, 0, 0, 0, t, t, t, t, Set.of(), 1);
  }

  static boolean allows(Attributes a, int wanted) {
    return PermissionCheck.allows(Acl.fromMode(a.mode()), a, ALICE, wanted);
  }

  @Test
  void modeBitsApplyToOwnerGroupAndOthers() {
    assertThat(allows(file(1001, 5, 0600), R | W)).isTrue();
    assertThat(allows(file(1001, 5, 0400), W)).isFalse();
    assertThat(allows(file(7, 100, 0040), R)).isTrue();
    assertThat(allows(file(7, 100, 0040), W)).isFalse();
    assertThat(allows(file(7, 8, 0004), R)).isTrue();
    assertThat(allows(file(7, 8, 0770), R)).isFalse();
    assertThat(allows(file(7, 8, 0001), X)).isTrue();
  }

  @Test
  void withoutAnAclOnlyTheCallersClassCountsAsInPosix() {
    // The owner is judged by the owner bits alone, a group member by the group bits alone.
    assertThat(allows(file(1001, 100, 0070), R)).isFalse();
    assertThat(allows(file(1001, 100, 0070), W)).isFalse();
    assertThat(allows(file(1001, 5, 0007), R)).isFalse();
    assertThat(allows(file(7, 100, 0007), W)).isFalse();
    assertThat(allows(file(7, 100, 0060), R | W)).isTrue();
  }

  @Test
  void aclEntriesAreReadInOrderAndDenyWins() {
    Attributes a = file(7, 8, 0777);
    Acl denyFirst =
        Acl.of(
            AclEntry.deny(new Principal.User(1001), AclMask.WRITE_DATA),
            AclEntry.allow(Principal.everyone(), AclMask.READ_DATA | AclMask.WRITE_DATA));
    assertThat(PermissionCheck.allows(denyFirst, a, ALICE, R)).isTrue();
    assertThat(PermissionCheck.allows(denyFirst, a, ALICE, W)).isFalse();
    Acl allowFirst =
        Acl.of(
            AclEntry.allow(new Principal.Group(100), AclMask.WRITE_DATA),
            AclEntry.deny(Principal.everyone(), AclMask.WRITE_DATA));
    assertThat(PermissionCheck.allows(allowFirst, a, ALICE, W)).isTrue();
    Acl inheritOnly =
        Acl.of(
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.INHERIT_ONLY),
                AclMask.READ_DATA,
                Principal.everyone()));
    assertThat(PermissionCheck.allows(inheritOnly, a, ALICE, R)).isFalse();
    Acl sidOnly = Acl.of(AclEntry.allow(new Principal.Sid("S-1-5-21-1"), AclMask.READ_DATA));
    assertThat(PermissionCheck.allows(sidOnly, a, ALICE, R)).isFalse();
  }

  @Test
  void undecidedBitsAreRefused() {
    Acl onlyRead = Acl.of(AclEntry.allow(Principal.everyone(), AclMask.READ_DATA));
    assertThat(PermissionCheck.allows(onlyRead, file(7, 8, 0), ALICE, R | W)).isFalse();
  }
}
