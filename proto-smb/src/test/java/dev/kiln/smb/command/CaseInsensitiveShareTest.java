package dev.kiln.smb.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.fs.CaseSensitivity;
import dev.kiln.smb.fixture.Smb2TestClient;
import dev.kiln.smb.fixture.Smb2TestClient.Reply;
import dev.kiln.smb.fixture.SmbFixture;
import dev.kiln.smb.protocol.NtStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A share of a case-insensitive dataset behaves as Windows does (ADR 012). */
class CaseInsensitiveShareTest {

  static final int READ_DATA = 0x1;
  static final int SHARE_ALL = 7;
  static final int OPEN = 1;
  static final int CREATE = 2;
  static final int OPEN_IF = 3;
  static final int DIRECTORY = 1;

  @TempDir Path dir;
  SmbFixture f;
  Smb2TestClient c;

  @BeforeEach
  void start() throws Exception {
    f = SmbFixture.start(dir);
    f.share("tank/ci", "name=ci", CaseSensitivity.INSENSITIVE);
    c = f.client();
    c.logon();
  }

  @AfterEach
  void stop() throws Exception {
    c.close();
    f.close();
  }

  private Reply create(int tree, String name, int disposition, int options) throws Exception {
    Reply r = c.create(tree, name, READ_DATA, SHARE_ALL, disposition, options);
    if (r.status() == 0) {
      c.close(tree, Smb2TestClient.fileId(r));
    }
    return r;
  }

  /** FileFsAttributeInformation's FileSystemAttributes. */
  private int fsAttributes(int tree) throws Exception {
    Reply root = c.create(tree, "", READ_DATA, SHARE_ALL, OPEN, DIRECTORY);
    byte[] h = Smb2TestClient.fileId(root);
    Reply q = c.queryInfo(tree, h, 2, 5, 1024);
    c.close(tree, h);
    assertThat(q.status()).isZero();
    return q.u32(64 + 8);
  }

  @Test
  void anyCaseFindsTheNameAndNoSecondSpellingCanBeCreated() throws Exception {
    int tree = c.treeConnect("ci").treeId();
    assertThat(create(tree, "Docs", CREATE, DIRECTORY).status()).isZero();
    assertThat(create(tree, "Docs\\Readme.TXT", CREATE, 0).status()).isZero();
    assertThat(create(tree, "DOCS\\README.txt", OPEN, 0).status()).isZero();
    assertThat(create(tree, "docs\\readme.txt", CREATE, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    // OPEN_IF opens the existing file rather than creating a second one.
    assertThat(create(tree, "docs\\README.TXT", OPEN_IF, 0).u32(64 + 4)).as("action").isEqualTo(1);
    assertThat(fsAttributes(tree) & 0x1).as("FILE_CASE_SENSITIVE_SEARCH").isZero();
  }

  @Test
  void aCaseSensitiveShareKeepsNamesExact() throws Exception {
    int tree = c.treeConnect("share").treeId();
    assertThat(create(tree, "Readme.TXT", CREATE, 0).status()).isZero();
    assertThat(create(tree, "README.txt", OPEN, 0).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(fsAttributes(tree) & 0x1).as("FILE_CASE_SENSITIVE_SEARCH").isEqualTo(1);
  }
}
