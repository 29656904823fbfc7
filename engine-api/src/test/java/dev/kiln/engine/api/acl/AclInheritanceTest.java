package dev.kiln.engine.api.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclInheritanceTest {

  static AclEntry allow(Principal p, int mask, AclFlag... flags) {
    return new AclEntry(AclType.ALLOW, Set.of(flags), mask, p);
  }

  @Test
  void nothingInheritableMeansNoAcl() {
    Acl parent = Acl.of(AclEntry.allow(Principal.everyone(), AclMask.READ_DATA));
    assertThat(AclInheritance.inherit(parent, false)).isEmpty();
    assertThat(AclInheritance.inherit(parent, true)).isEmpty();
  }

  @Test
  void filesGetFileInheritEntriesAsEffectiveEntries() {
    Acl parent =
        Acl.of(
            allow(Principal.owner(), AclMask.READ_DATA, AclFlag.FILE_INHERIT, AclFlag.INHERIT_ONLY),
            allow(Principal.everyone(), AclMask.WRITE_DATA, AclFlag.DIRECTORY_INHERIT),
            allow(new Principal.User(5), AclMask.EXECUTE));
    Acl child = AclInheritance.inherit(parent, false).orElseThrow();
    assertThat(child.entries())
        .containsExactly(allow(Principal.owner(), AclMask.READ_DATA, AclFlag.INHERITED));
  }

  @Test
  void directoriesKeepPropagatingUnlessToldNotTo() {
    Acl parent =
        Acl.of(
            allow(
                Principal.everyone(),
                AclMask.READ_DATA,
                AclFlag.FILE_INHERIT,
                AclFlag.DIRECTORY_INHERIT),
            allow(Principal.owner(), AclMask.WRITE_DATA, AclFlag.FILE_INHERIT),
            allow(
                new Principal.Group(9),
                AclMask.EXECUTE,
                AclFlag.DIRECTORY_INHERIT,
                AclFlag.NO_PROPAGATE_INHERIT),
            allow(
                new Principal.Group(10),
                AclMask.EXECUTE,
                AclFlag.FILE_INHERIT,
                AclFlag.NO_PROPAGATE_INHERIT));
    Acl child = AclInheritance.inherit(parent, true).orElseThrow();
    assertThat(child.entries())
        .isEqualTo(
            List.of(
                allow(
                    Principal.everyone(),
                    AclMask.READ_DATA,
                    AclFlag.FILE_INHERIT,
                    AclFlag.DIRECTORY_INHERIT,
                    AclFlag.INHERITED),
                allow(
                    Principal.owner(),
                    AclMask.WRITE_DATA,
                    AclFlag.FILE_INHERIT,
                    AclFlag.INHERIT_ONLY,
                    AclFlag.INHERITED),
                allow(new Principal.Group(9), AclMask.EXECUTE, AclFlag.INHERITED)));
  }
}
