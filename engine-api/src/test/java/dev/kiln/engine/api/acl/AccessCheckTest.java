package dev.kiln.engine.api.acl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessCheckTest {

  /** Alice: uid 1001, in group 100, holding one extra SID. */
  static final AclSubject ALICE =
      new AclSubject() {
        @Override
        public long uid() {
          return 1001;
        }

        @Override
        public boolean inGroup(long gid) {
          return gid == 100;
        }

        @Override
        public boolean hasSid(String sid) {
          return sid.equals("S-1-5-11");
        }
      };

  static Attributes file(long uid, long gid, int mode, FileType type) {
    Instant t = Instant.EPOCH;
    return new Attributes(
        5, 1, type, mode, 1, uid, gid, null, null, 0, 0, 0, t, t, t, t, Set.of(), 1);
  }

  static Attributes file(long uid, long gid, int mode) {
    return file(uid, gid, mode, FileType.FILE);
  }

  static final int READ = AclMask.READ_DATA;
  static final int WRITE = AclMask.WRITE_DATA;

  @Test
  void withoutAnAclOfItsOwnOnlyTheCallersPosixClassCounts() {
    Attributes mine = file(1001, 5, 0070);
    // The owner of a mode 0070 file may not read it although the group may.
    assertThat(AccessCheck.allows(Acl.fromMode(0070), mine, ALICE, READ)).isFalse();
    assertThat(AccessCheck.allows(Acl.fromMode(0040), file(7, 100, 0040), ALICE, READ)).isTrue();
    assertThat(AccessCheck.allows(Acl.fromMode(0040), file(7, 100, 0040), ALICE, WRITE)).isFalse();
    assertThat(AccessCheck.maximal(Acl.fromMode(0600), file(1001, 5, 0600), ALICE))
        .as("the owner may change attributes, the ACL and the owner")
        .matches(m -> (m & AclMask.WRITE_ACL) != 0 && (m & AclMask.WRITE_OWNER) != 0);
    // Write and search on a directory is DELETE_CHILD; write alone is not.
    Attributes dir = file(1001, 5, 0700, FileType.DIRECTORY);
    assertThat(AccessCheck.maximal(Acl.fromMode(0700), dir, ALICE) & AclMask.DELETE_CHILD)
        .isNotZero();
    Attributes wdir = file(1001, 5, 0600, FileType.DIRECTORY);
    assertThat(AccessCheck.maximal(Acl.fromMode(0600), wdir, ALICE) & AclMask.DELETE_CHILD)
        .isZero();
  }

  @Test
  void theFirstEntryNamingABitDecidesIt() {
    Attributes a = file(7, 8, 0);
    Acl denyFirst =
        Acl.of(
            AclEntry.deny(new Principal.User(1001), WRITE),
            AclEntry.allow(Principal.everyone(), READ | WRITE));
    assertThat(AccessCheck.allows(denyFirst, a, ALICE, READ)).isTrue();
    assertThat(AccessCheck.allows(denyFirst, a, ALICE, WRITE)).isFalse();
    assertThat(AccessCheck.allows(denyFirst, a, ALICE, READ | WRITE)).isFalse();
    Acl allowFirst =
        Acl.of(
            AclEntry.allow(new Principal.Group(100), WRITE),
            AclEntry.deny(Principal.everyone(), WRITE | READ));
    assertThat(AccessCheck.maximal(allowFirst, a, ALICE)).isEqualTo(WRITE);
  }

  @Test
  void principalsMatchOwnerGroupUidGidAndSid() {
    Attributes mine = file(1001, 100, 0);
    assertThat(
            AccessCheck.allows(Acl.of(AclEntry.allow(Principal.owner(), READ)), mine, ALICE, READ))
        .isTrue();
    assertThat(
            AccessCheck.allows(
                Acl.of(AclEntry.allow(Principal.owner(), READ)), file(7, 8, 0), ALICE, READ))
        .isFalse();
    assertThat(
            AccessCheck.allows(
                Acl.of(AclEntry.allow(Principal.owningGroup(), READ)), mine, ALICE, READ))
        .isTrue();
    assertThat(
            AccessCheck.allows(
                Acl.of(AclEntry.allow(new Principal.Sid("S-1-5-11"), READ)),
                file(7, 8, 0),
                ALICE,
                READ))
        .isTrue();
    assertThat(
            AccessCheck.allows(
                Acl.of(AclEntry.allow(new Principal.Sid("S-1-3-0"), READ)),
                file(7, 8, 0),
                ALICE,
                READ))
        .as("CREATOR OWNER on the object itself names nobody")
        .isFalse();
  }

  @Test
  void inheritOnlyAndAuditEntriesDoNotApply() {
    Acl acl =
        new Acl(
            List.of(
                new AclEntry(
                    AclType.ALLOW,
                    Set.of(AclFlag.INHERIT_ONLY, AclFlag.FILE_INHERIT),
                    READ,
                    Principal.everyone()),
                new AclEntry(AclType.AUDIT, Set.of(), WRITE, Principal.everyone())));
    assertThat(AccessCheck.maximal(acl, file(7, 8, 0), ALICE)).isZero();
  }

  @Test
  void theOwnerAlwaysMayReadAndRewriteTheAclEvenWhenDenied() {
    Acl empty = new Acl(List.of());
    assertThat(AccessCheck.maximal(empty, file(1001, 8, 0), ALICE))
        .isEqualTo(AclMask.READ_ACL | AclMask.WRITE_ACL);
    assertThat(AccessCheck.maximal(empty, file(7, 8, 0), ALICE)).isZero();
    Acl denyAll = Acl.of(AclEntry.deny(Principal.everyone(), AclMask.ALL));
    assertThat(AccessCheck.maximal(denyAll, file(1001, 8, 0), ALICE))
        .isEqualTo(AclMask.READ_ACL | AclMask.WRITE_ACL);
  }

  @Test
  void aNullDaclIsEveryoneWithEveryRight() {
    Acl nullDacl = Acl.of(AclEntry.allow(Principal.everyone(), AclMask.ALL));
    assertThat(AccessCheck.maximal(nullDacl, file(7, 8, 0), ALICE)).isEqualTo(AclMask.ALL);
  }

  @Test
  void deleteComesFromTheFileOrFromTheParentsDeleteChild() {
    assertThat(AccessCheck.mayDelete(AclMask.DELETE, 0)).isTrue();
    assertThat(AccessCheck.mayDelete(0, AclMask.DELETE_CHILD)).isTrue();
    assertThat(AccessCheck.mayDelete(AclMask.ALL & ~AclMask.DELETE, AclMask.WRITE_DATA)).isFalse();
  }
}
