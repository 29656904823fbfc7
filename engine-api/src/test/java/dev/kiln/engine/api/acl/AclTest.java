package dev.kiln.engine.api.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AclTest {

  @Test
  void fromModeMapsRwxToMaskBits() {
    Acl acl = Acl.fromMode(0750);
    assertThat(acl.entries()).hasSize(3);
    AclEntry owner = acl.entries().get(0);
    AclEntry group = acl.entries().get(1);
    AclEntry everyone = acl.entries().get(2);
    assertThat(owner.principal()).isEqualTo(Principal.owner());
    assertThat(owner.mask() & AclMask.WRITE_DATA).isNotZero();
    assertThat(owner.mask() & AclMask.WRITE_ACL).isNotZero();
    assertThat(group.mask() & AclMask.READ_DATA).isNotZero();
    assertThat(group.mask() & AclMask.EXECUTE).isNotZero();
    assertThat(group.mask() & AclMask.WRITE_DATA).isZero();
    assertThat(everyone.mask() & (AclMask.READ_DATA | AclMask.WRITE_DATA | AclMask.EXECUTE))
        .isZero();
  }

  @Test
  void entriesValidateMaskAndSid() {
    assertThatThrownBy(() -> AclEntry.allow(Principal.everyone(), 0x40000000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Principal.Sid("not-a-sid"))
        .isInstanceOf(IllegalArgumentException.class);
    AclEntry e =
        new AclEntry(
            AclType.ALARM,
            Set.of(AclFlag.SUCCESSFUL_ACCESS),
            AclMask.DELETE,
            new Principal.Sid("S-1-1-0"));
    assertThat(e.flags()).containsExactly(AclFlag.SUCCESSFUL_ACCESS);
  }
}
