package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.fs.CaseSensitivity;
import dev.kiln.engine.api.fs.DirectoryEntry;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.block.Compression;
import dev.kiln.engine.objset.ObjectSetSettings;
import dev.kiln.engine.tree.TreeOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The casesensitivity a file system is formatted with decides how its directories match names. */
class CaseSensitivityTest {

  static TestObjectSet objectSet(CaseSensitivity mode) {
    return new TestObjectSet(
        Clock.systemUTC(),
        TreeOptions.defaults(),
        new ObjectSetSettings(
            Compression.LZ4,
            128 * 1024,
            16 * 1024,
            true,
            ObjectSetSettings.SyncMode.STANDARD,
            false,
            mode));
  }

  static List<String> names(FileSystem fs, long dir) throws IOException {
    return fs.readdir(dir, 0, 0, 100).entries().stream().map(DirectoryEntry::name).toList();
  }

  @Test
  void sensitiveNamesAreExact() throws Exception {
    FileSystem fs = TreeFileSystem.open(objectSet(CaseSensitivity.SENSITIVE));
    long root = fs.rootInode();
    fs.create(root, "Readme.TXT", SetAttributes.none());
    fs.create(root, "readme.txt", SetAttributes.none());
    assertThat(fs.caseSensitivity()).isEqualTo(CaseSensitivity.SENSITIVE);
    assertThatThrownBy(() -> fs.lookup(root, "README.TXT"))
        .isInstanceOf(NoSuchEntryException.class);
    assertThatThrownBy(() -> fs.lookupIgnoringCase(root, "README.TXT"))
        .isInstanceOf(NoSuchEntryException.class);
  }

  @Test
  void insensitiveNamesFoldButKeepTheirCase() throws Exception {
    FileSystem fs = TreeFileSystem.open(objectSet(CaseSensitivity.INSENSITIVE));
    long root = fs.rootInode();
    long file = fs.create(root, "Readme.TXT", SetAttributes.none()).inode();
    assertThat(fs.lookup(root, "README.txt").inode()).isEqualTo(file);
    assertThat(fs.lookupIgnoringCase(root, "readme.txt").inode()).isEqualTo(file);
    // Unicode, not just ASCII: Greek and German letters with simple upper-case mappings.
    long greek = fs.mkdir(root, "σοφία", SetAttributes.none()).inode();
    assertThat(fs.lookup(root, "ΣΟΦΊΑ").inode()).isEqualTo(greek);
    assertThatThrownBy(() -> fs.create(root, "readme.txt", SetAttributes.none()))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(names(fs, root)).containsExactlyInAnyOrder("Readme.TXT", "σοφία");
    // A change of case is a rename, not a no-op.
    fs.rename(root, "readme.txt", root, "README.txt");
    assertThat(names(fs, root)).containsExactlyInAnyOrder("README.txt", "σοφία");
    assertThat(fs.lookup(root, "readme.TXT").inode()).isEqualTo(file);
    fs.unlink(root, "readme.TXT");
    assertThat(names(fs, root)).containsExactly("σοφία");
  }

  @Test
  void mixedNamesAreExactUnlessTheCallerIgnoresCase() throws Exception {
    FileSystem fs = TreeFileSystem.open(objectSet(CaseSensitivity.MIXED));
    long root = fs.rootInode();
    long upper = fs.create(root, "A.txt", SetAttributes.none()).inode();
    assertThatThrownBy(() -> fs.lookup(root, "a.txt")).isInstanceOf(NoSuchEntryException.class);
    assertThat(fs.lookupIgnoringCase(root, "a.TXT").inode()).isEqualTo(upper);
    long lower = fs.create(root, "a.txt", SetAttributes.none()).inode();
    // Both exist; an exact match wins over a folded one.
    assertThat(fs.lookupIgnoringCase(root, "a.txt").inode()).isEqualTo(lower);
    assertThat(fs.lookupIgnoringCase(root, "A.txt").inode()).isEqualTo(upper);
    fs.unlink(root, "A.txt");
    assertThat(fs.lookupIgnoringCase(root, "A.TXT").inode()).isEqualTo(lower);
  }

  @Test
  void theModeIsKeptWithTheFileSystemAndInItsSnapshots() throws Exception {
    TestObjectSet set = objectSet(CaseSensitivity.INSENSITIVE);
    FileSystem fs = TreeFileSystem.open(set);
    long file = fs.create(fs.rootInode(), "Data", SetAttributes.none()).inode();
    set.sync();
    // Settings that say otherwise later do not change a formatted file system.
    set.settings(ObjectSetSettings.defaults());
    FileSystem again = TreeFileSystem.open(set);
    assertThat(again.caseSensitivity()).isEqualTo(CaseSensitivity.INSENSITIVE);
    assertThat(again.lookup(again.rootInode(), "DATA").inode()).isEqualTo(file);
    FileSystem view = TreeFileSystem.view(set.snapshot(), set.store(), 1, set.clock());
    assertThat(view.caseSensitivity()).isEqualTo(CaseSensitivity.INSENSITIVE);
    assertThat(view.lookup(view.rootInode(), "data").inode()).isEqualTo(file);
  }

  @Test
  void theFoldingItemRoundTripsAndRefusesGarbage() throws Exception {
    for (CaseSensitivity m : CaseSensitivity.values()) {
      NameFolding f = NameFolding.of(m);
      assertThat(NameFolding.decode(java.util.Optional.of(f.encode())).mode()).isEqualTo(m);
    }
    assertThat(NameFolding.decode(java.util.Optional.empty()).mode())
        .isEqualTo(CaseSensitivity.SENSITIVE);
    assertThatThrownBy(() -> NameFolding.decode(java.util.Optional.of(new byte[] {1, 2, 3})))
        .isInstanceOf(dev.kiln.engine.api.error.CorruptDataException.class);
    byte[] bad = NameFolding.of(CaseSensitivity.MIXED).encode();
    bad[bad.length - 1] = 9;
    assertThatThrownBy(() -> NameFolding.decode(java.util.Optional.of(bad)))
        .isInstanceOf(dev.kiln.engine.api.error.CorruptDataException.class);
  }
}
