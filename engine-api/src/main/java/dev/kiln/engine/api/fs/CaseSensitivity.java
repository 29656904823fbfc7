package dev.kiln.engine.api.fs;

/**
 * How a file system compares names: the dataset's {@code casesensitivity} property, fixed when the
 * dataset is created (as in ZFS). Names are always stored as given (case-preserving); folding is
 * Unicode simple upper-casing of each code point, as NTFS's upcase table and ZFS do.
 */
public enum CaseSensitivity {
  /** Names are exact: "a" and "A" are two files (POSIX; the default). */
  SENSITIVE,
  /** Names compare folded: "A" finds "a", and creating "A" beside "a" is refused (Windows). */
  INSENSITIVE,
  /**
   * Both: lookups are exact unless a caller asks to ignore case ({@link
   * FileSystem#lookupIgnoringCase}, which SMB does), and names differing only in case may coexist.
   */
  MIXED
}
