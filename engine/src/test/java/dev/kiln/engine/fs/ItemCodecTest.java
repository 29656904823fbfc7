package dev.kiln.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.block.BlockPointer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Item codecs round-trip, and every truncation or bad field is a CorruptDataException. */
class ItemCodecTest {

  private static Inode sampleInode() {
    Inode n = new Inode(42);
    n.generation = 7;
    n.type = FileType.FILE;
    n.mode = 0640;
    n.nlink = 3;
    n.uid = 4_000_000_000L;
    n.gid = 5;
    n.ownerSid = "S-1-5-21-1-2-3-1001";
    n.size = 123_456;
    n.allocated = 131_072;
    n.atime = Instant.parse("2001-02-03T04:05:06.123456789Z");
    n.mtime = Instant.parse("1969-12-31T23:59:59.000000001Z");
    n.ctime = Instant.EPOCH;
    n.birthtime = Instant.parse("2030-01-01T00:00:00Z");
    n.dosBits = 0x22;
    n.change = 99;
    n.parent = 1;
    n.recordSize = 131_072;
    n.nextCookie = 3;
    n.nextXattrId = 4;
    n.hasAcl = true;
    return n;
  }

  @Test
  void inodesRoundTripAndRejectEveryTruncation() throws CorruptDataException {
    byte[] bytes = sampleInode().encode();
    Inode back = Inode.decode(42, bytes);
    assertThat(back.encode()).isEqualTo(bytes);
    assertThat(back.attributes()).isEqualTo(sampleInode().attributes());
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] shorter = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> Inode.decode(42, shorter)).isInstanceOf(CorruptDataException.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> Inode.decode(42, longer)).isInstanceOf(CorruptDataException.class);
    byte[] badVersion = bytes.clone();
    badVersion[0] = 9;
    assertThatThrownBy(() -> Inode.decode(42, badVersion))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("format");
    byte[] badType = bytes.clone();
    badType[1] = 100;
    assertThatThrownBy(() -> Inode.decode(42, badType)).isInstanceOf(CorruptDataException.class);
  }

  @Test
  void aclsRoundTripAndRejectGarbage() throws CorruptDataException {
    Acl acl =
        Acl.of(
            new AclEntry(
                AclType.DENY,
                Set.of(AclFlag.FILE_INHERIT, AclFlag.INHERITED),
                AclMask.WRITE_DATA,
                new Principal.User(1001)),
            AclEntry.allow(new Principal.Sid("S-1-5-21-9-8-7-513"), AclMask.READ_DATA),
            AclEntry.allow(new Principal.Group(100), AclMask.ALL),
            AclEntry.allow(Principal.everyone(), AclMask.READ_ACL));
    byte[] bytes = AclCodec.encode(acl);
    assertThat(AclCodec.decode(bytes)).isEqualTo(acl);
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] shorter = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> AclCodec.decode(shorter)).isInstanceOf(CorruptDataException.class);
    }
    byte[] hugeCount = bytes.clone();
    hugeCount[1] = 0x7f;
    assertThatThrownBy(() -> AclCodec.decode(hugeCount)).isInstanceOf(CorruptDataException.class);
  }

  @Test
  void extentsAndNameListsAndHeadersRejectGarbage() throws CorruptDataException {
    BlockPointer p = new BlockPointer(0, 8192, 100, 4096, 3, (byte) 1, (byte) 1, 77);
    Extent e = new Extent(4096, p);
    assertThat(Extent.decode(e.encode())).isEqualTo(e);
    assertThat(Extent.decode(new Extent(512, null).encode()).preallocated()).isTrue();
    byte[] wrongLength = new Extent(4000, p).encode();
    assertThatThrownBy(() -> Extent.decode(wrongLength)).isInstanceOf(CorruptDataException.class);
    byte[] badKind = e.encode();
    badKind[0] = 9;
    assertThatThrownBy(() -> Extent.decode(badKind)).isInstanceOf(CorruptDataException.class);

    List<NameList.Name> names =
        List.of(new NameList.Name("a", 3, 10, 0), new NameList.Name("ü-名前", 4, 11, 1));
    assertThat(NameList.decode(NameList.encode(names))).isEqualTo(names);
    byte[] list = NameList.encode(names);
    assertThatThrownBy(() -> NameList.decode(Arrays.copyOf(list, list.length - 1)))
        .isInstanceOf(CorruptDataException.class);
    assertThat(NameList.hash("a")).isNotEqualTo(NameList.hash("b"));

    FsHeader h = new FsHeader(1, 10, 20, 30, 5);
    assertThat(FsHeader.decode(h.encode())).isEqualTo(h);
    byte[] notFs = h.encode();
    notFs[0] ^= 1;
    assertThatThrownBy(() -> FsHeader.decode(notFs))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("magic");
  }
}
