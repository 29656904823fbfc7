package dev.kiln.engine.fs;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import dev.kiln.engine.api.error.CorruptDataException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Binary form of a stored ACL (format version 1); enum ordinals are on-disk values. */
final class AclCodec {

  private static final int FORMAT = 1;
  private static final AclType[] TYPES = AclType.values();
  private static final AclFlag[] FLAGS = AclFlag.values();

  private AclCodec() {}

  static byte[] encode(Acl acl) {
    ItemWriter w = new ItemWriter().u8(FORMAT).i32(acl.entries().size());
    for (AclEntry e : acl.entries()) {
      int flags = 0;
      for (AclFlag f : e.flags()) {
        flags |= 1 << f.ordinal();
      }
      w.u8(e.type().ordinal()).u16(flags).i32(e.mask());
      switch (e.principal()) {
        case Principal.Owner o -> w.u8(0);
        case Principal.OwningGroup g -> w.u8(1);
        case Principal.Everyone x -> w.u8(2);
        case Principal.User u -> w.u8(3).i64(u.uid());
        case Principal.Group g -> w.u8(4).i64(g.gid());
        case Principal.Sid s -> w.u8(5).string(s.sid());
      }
    }
    return w.toBytes();
  }

  static Acl decode(byte[] value) throws CorruptDataException {
    ItemReader r = new ItemReader(value, "ACL");
    int format = r.u8();
    if (format != FORMAT) {
      throw r.corrupt("unsupported ACL format " + format);
    }
    int count = r.i32();
    if (count < 0 || count > r.remaining()) {
      throw r.corrupt("bad entry count " + count);
    }
    List<AclEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int type = r.u8();
      int flagBits = r.u16();
      int mask = r.i32();
      if (type < 0 || type >= TYPES.length || flagBits >= 1 << FLAGS.length) {
        throw r.corrupt("bad entry type or flags");
      }
      Set<AclFlag> flags = EnumSet.noneOf(AclFlag.class);
      for (AclFlag f : FLAGS) {
        if ((flagBits & (1 << f.ordinal())) != 0) {
          flags.add(f);
        }
      }
      Principal p =
          switch (r.u8()) {
            case 0 -> Principal.owner();
            case 1 -> Principal.owningGroup();
            case 2 -> Principal.everyone();
            case 3 -> new Principal.User(r.i64());
            case 4 -> new Principal.Group(r.i64());
            case 5 -> sid(r);
            default -> throw r.corrupt("unknown principal kind");
          };
      try {
        entries.add(new AclEntry(TYPES[type], flags, mask, p));
      } catch (IllegalArgumentException e) {
        throw r.corrupt(e.getMessage());
      }
    }
    r.end();
    return new Acl(entries);
  }

  private static Principal sid(ItemReader r) throws CorruptDataException {
    String s = r.string();
    try {
      return new Principal.Sid(s);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw r.corrupt("bad SID");
    }
  }
}
