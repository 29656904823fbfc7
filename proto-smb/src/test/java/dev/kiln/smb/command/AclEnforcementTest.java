package dev.kiln.smb.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.smb.fixture.Smb2TestClient;
import dev.kiln.smb.fixture.Smb2TestClient.Reply;
import dev.kiln.smb.fixture.SmbFixture;
import dev.kiln.smb.protocol.NtStatus;
import dev.kiln.smb.security.SecurityDescriptors;
import dev.kiln.smb.security.SecurityInformation;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs decide SMB opens ([MS-DTYP] 2.5.3.2): set through security descriptors by alice (uid 1000,
 * no superuser), then checked by CREATE; new files inherit from their directory.
 */
class AclEnforcementTest {

  static final int READ_DATA = 0x1;
  static final int WRITE_DATA = 0x2;
  static final int READ_CONTROL = 0x20000;
  static final int WRITE_DAC = 0x40000;
  static final int DELETE = 0x10000;
  static final int MAXIMUM_ALLOWED = 0x02000000;
  static final int SHARE_ALL = 7;
  static final int OPEN = 1;
  static final int CREATE = 2;
  static final int DIRECTORY = 1;

  @TempDir Path dir;
  SmbFixture f;
  Smb2TestClient c;
  int tree;

  @BeforeEach
  void start() throws Exception {
    f = SmbFixture.start(dir);
    c = f.client();
    c.logon();
    tree = c.treeConnect("share").treeId();
  }

  @AfterEach
  void stop() throws Exception {
    c.close();
    f.close();
  }

  private byte[] open(String name, int access, int disposition, int options) throws Exception {
    Reply r = c.create(tree, name, access, SHARE_ALL, disposition, options);
    assertThat(r.status()).as("open %s for %x", name, access).isZero();
    return Smb2TestClient.fileId(r);
  }

  private int status(String name, int access) throws Exception {
    Reply r = c.create(tree, name, access, SHARE_ALL, OPEN, 0);
    if (r.status() == 0) {
      c.close(tree, Smb2TestClient.fileId(r));
    }
    return r.status();
  }

  private void setDacl(String name, Acl acl, int options) throws Exception {
    byte[] h = open(name, READ_CONTROL | WRITE_DAC, OPEN, options);
    byte[] sd = SecurityDescriptors.encode(acl, 1000, 1000, SecurityInformation.DACL);
    assertThat(c.setSecurity(tree, h, SecurityInformation.DACL, sd).status()).isZero();
    c.close(tree, h);
  }

  @Test
  void aDaclDecidesWhatAnOpenGets() throws Exception {
    c.close(tree, open("f", READ_DATA | WRITE_DATA, CREATE, 0));
    assertThat(status("f", WRITE_DATA)).as("mode 0644, owner").isZero();
    setDacl("f", Acl.of(AclEntry.allow(Principal.owner(), AclMask.READ_DATA)), 0);
    assertThat(status("f", READ_DATA)).isZero();
    assertThat(status("f", WRITE_DATA)).isEqualTo(NtStatus.ACCESS_DENIED);
    // A deny entry before an allow entry wins for the bits it names.
    setDacl(
        "f",
        Acl.of(
            AclEntry.deny(new Principal.User(1000), AclMask.READ_DATA),
            AclEntry.allow(Principal.everyone(), AclMask.READ_DATA | AclMask.WRITE_DATA)),
        0);
    assertThat(status("f", WRITE_DATA)).isZero();
    assertThat(status("f", READ_DATA)).isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void anEmptyDaclLeavesTheOwnerOnlyReadControlAndWriteDac() throws Exception {
    c.close(tree, open("f", READ_DATA, CREATE, 0));
    setDacl("f", new Acl(List.of()), 0);
    assertThat(status("f", READ_DATA)).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(status("f", READ_CONTROL | WRITE_DAC)).isZero();
    // MAXIMUM_ALLOWED grants just those, and DELETE through the share root's DELETE_CHILD
    // (alice owns it, mode 0755).
    Reply r = c.create(tree, "f", MAXIMUM_ALLOWED, SHARE_ALL, OPEN, 0);
    assertThat(r.status()).isZero();
    byte[] h = Smb2TestClient.fileId(r);
    Reply access = c.queryInfo(tree, h, 1, 8, 4); // FileAccessInformation
    assertThat(access.u32(64 + 8)).isEqualTo(READ_CONTROL | WRITE_DAC | DELETE);
    c.close(tree, h);
  }

  @Test
  void aDescriptorWithoutDaclSetsANullDaclWhichReadsBackAsOne() throws Exception {
    byte[] h = open("f", READ_CONTROL | WRITE_DAC | WRITE_DATA, CREATE, 0);
    setDacl("f", new Acl(List.of()), 0);
    // Control: self-relative, no SE_DACL_PRESENT.
    byte[] noDacl = {1, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(c.setSecurity(tree, h, SecurityInformation.DACL, noDacl).status()).isZero();
    Reply q = c.querySecurity(tree, h, SecurityInformation.DACL);
    assertThat(q.status()).isZero();
    int at = 64 + 8;
    assertThat(q.u16(at + 2) & 0x0004).as("SE_DACL_PRESENT").isNotZero();
    assertThat(q.u32(at + 16)).as("DACL offset of a NULL DACL").isZero();
    assertThat(status("f", WRITE_DATA)).isZero();
    c.close(tree, h);
  }

  @Test
  void newFilesInheritAndDeleteNeedsDeleteOrTheParentsDeleteChild() throws Exception {
    c.close(tree, open("d", READ_DATA, CREATE, DIRECTORY));
    int noDelete = AclMask.ALL & ~(AclMask.DELETE | AclMask.DELETE_CHILD);
    setDacl(
        "d",
        Acl.of(
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT),
                noDelete,
                Principal.owner())),
        DIRECTORY);
    // The creator gets what it asks for on a new file, DELETE included.
    c.close(tree, open("d\\f", READ_DATA | DELETE, CREATE, 0));
    assertThat(status("d\\f", READ_DATA)).isZero();
    assertThat(status("d\\f", DELETE)).isEqualTo(NtStatus.ACCESS_DENIED);
    byte[] h = open("d\\f", READ_CONTROL, OPEN, 0);
    Reply q = c.querySecurity(tree, h, SecurityInformation.DACL);
    c.close(tree, h);
    Acl inherited = SecurityDescriptors.decode(q.bytes(64 + 8, q.u32(64 + 4))).acl().orElseThrow();
    assertThat(inherited.entries())
        .containsExactly(
            new AclEntry(
                AclType.ALLOW, Set.of(AclFlag.INHERITED), noDelete, new Principal.User(1000)));
    // DELETE_CHILD on the directory is enough to delete the file.
    setDacl("d", Acl.of(AclEntry.allow(Principal.owner(), AclMask.ALL)), DIRECTORY);
    assertThat(status("d\\f", DELETE)).isZero();
  }

  @Test
  void aSuperuserSkipsModeBitsButNotAStoredDaclAndCanAlwaysRepairIt() throws Exception {
    c.close(tree, open("f", READ_DATA, CREATE, 0));
    setDacl("f", new Acl(List.of()), 0);
    Smb2TestClient root = f.client();
    root.negotiate(0x311);
    assertThat(root.sessionSetup("root:secret").status()).isZero();
    int t = root.treeConnect("share").treeId();
    assertThat(root.create(t, "f", READ_DATA, SHARE_ALL, OPEN, 0).status())
        .isEqualTo(NtStatus.ACCESS_DENIED);
    Reply r = root.create(t, "f", READ_CONTROL | WRITE_DAC | 0x80000, SHARE_ALL, OPEN, 0);
    assertThat(r.status()).isZero();
    root.close(t, Smb2TestClient.fileId(r));
    // A file with only its mode (0644, alice's) is open to the superuser for writing.
    c.close(tree, open("g", READ_DATA, CREATE, 0));
    Reply g = root.create(t, "g", WRITE_DATA, SHARE_ALL, OPEN, 0);
    assertThat(g.status()).isZero();
    root.close(t, Smb2TestClient.fileId(g));
    root.close();
  }
}
