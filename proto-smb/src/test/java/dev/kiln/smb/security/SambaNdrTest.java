package dev.kiln.smb.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.testkit.InteropPeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Samba's own NDR marshalling of security descriptors (Debian python3-samba, which the samba
 * package pulls in) as the independent peer: it parses what Kiln encodes into SDDL, and encodes
 * SDDL that Kiln decodes.
 */
class SambaNdrTest {

  private static final String FROM_BYTES =
      """
      import sys
      from samba.dcerpc import security
      from samba.ndr import ndr_unpack
      print(ndr_unpack(security.descriptor, bytes.fromhex(sys.argv[1])).as_sddl())
      """;

  private static final String FROM_SDDL =
      """
      import sys
      from samba.dcerpc import security
      from samba.ndr import ndr_pack
      sd = security.descriptor.from_sddl(sys.argv[1], security.dom_sid('S-1-5-21-1-2-3'))
      print(ndr_pack(sd).hex())
      """;

  private static String python(String script, String arg) throws Exception {
    Path debian = Path.of("/usr/bin/python3");
    Path python =
        Files.isExecutable(debian) ? debian : InteropPeers.require("python3", "python3-samba");
    Process p =
        new ProcessBuilder(python.toString(), "-c", script, arg).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 && out.contains("No module named 'samba'")) {
      String message =
          "INTEROP PEER MISSING: python3 module 'samba'; install the Debian package 'python3-samba'";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      System.err.println("!!!!! " + message + " -- interop test SKIPPED !!!!!");
      Assumptions.abort(message);
    }
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void sambaReadsWhatKilnWrites() throws Exception {
    Acl acl =
        Acl.of(
            new AclEntry(
                AclType.ALLOW,
                Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT),
                0x1f01ff,
                Principal.owner()),
            AclEntry.deny(new Principal.User(2000), AclMask.WRITE_DATA | AclMask.APPEND_DATA),
            new AclEntry(
                AclType.ALLOW, Set.of(AclFlag.INHERITED), 0x1200a9, new Principal.Group(100)),
            AclEntry.allow(Principal.everyone(), 0x120089),
            AclEntry.allow(new Principal.Sid("S-1-5-21-1-2-3-1001"), AclMask.READ_ACL));
    int all = SecurityInformation.OWNER | SecurityInformation.GROUP | SecurityInformation.DACL;
    String sddl =
        python(
            FROM_BYTES, HexFormat.of().formatHex(SecurityDescriptors.encode(acl, 1000, 100, all)));
    assertThat(sddl)
        .isEqualTo(
            "O:S-1-22-1-1000G:S-1-22-2-100D:"
                + "(A;;0x001f01ff;;;S-1-22-1-1000)"
                + "(A;OICIIO;0x001f01ff;;;CO)"
                // Samba spells mask 0x6 with the directory-service letters DC (0x2), LC (0x4).
                + "(D;;DCLC;;;S-1-22-1-2000)"
                + "(A;ID;0x001200a9;;;S-1-22-2-100)"
                + "(A;;0x00120089;;;WD)"
                + "(A;;RC;;;S-1-5-21-1-2-3-1001)");
  }

  @Test
  void kilnReadsWhatSambaWrites() throws Exception {
    String hex =
        python(
            FROM_SDDL,
            "O:S-1-22-1-1000G:S-1-22-2-100D:P(A;OICI;0x1f01ff;;;S-1-22-1-1000)(A;OICIIO;GA;;;CO)"
                + "(A;;0x1200a9;;;WD)(D;CI;WD;;;S-1-5-21-1-2-3-1001)(A;ID;0x1301bf;;;S-1-22-2-100)"
                + "S:(AU;FA;FA;;;WD)");
    SecurityDescriptors.Decoded d = SecurityDescriptors.decode(HexFormat.of().parseHex(hex));
    assertThat(d.ownerUid()).hasValue(1000);
    assertThat(d.groupGid()).hasValue(100);
    assertThat(d.saclPresent()).isTrue();
    assertThat(d.acl().orElseThrow().entries())
        .isEqualTo(
            List.of(
                new AclEntry(
                    AclType.ALLOW,
                    Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT),
                    0x1f01ff,
                    new Principal.User(1000)),
                new AclEntry(
                    AclType.ALLOW,
                    Set.of(AclFlag.FILE_INHERIT, AclFlag.DIRECTORY_INHERIT, AclFlag.INHERIT_ONLY),
                    0x1f01ff, // GENERIC_ALL
                    Principal.owner()),
                AclEntry.allow(Principal.everyone(), 0x1200a9),
                new AclEntry(
                    AclType.DENY,
                    Set.of(AclFlag.DIRECTORY_INHERIT),
                    AclMask.WRITE_ACL,
                    new Principal.Sid("S-1-5-21-1-2-3-1001")),
                new AclEntry(
                    AclType.ALLOW, Set.of(AclFlag.INHERITED), 0x1301bf, new Principal.Group(100))));
  }
}
