package dev.kiln.smb.fscc;

/** Information class numbers ([MS-FSCC] 2.4 file, 2.5 file system). */
public final class InfoClass {

  /** FileDirectoryInformation. */
  public static final int FILE_DIRECTORY = 1;

  /** FileFullDirectoryInformation. */
  public static final int FILE_FULL_DIRECTORY = 2;

  /** FileBothDirectoryInformation. */
  public static final int FILE_BOTH_DIRECTORY = 3;

  /** FileBasicInformation. */
  public static final int FILE_BASIC = 4;

  /** FileStandardInformation. */
  public static final int FILE_STANDARD = 5;

  /** FileInternalInformation. */
  public static final int FILE_INTERNAL = 6;

  /** FileEaInformation. */
  public static final int FILE_EA = 7;

  /** FileAccessInformation. */
  public static final int FILE_ACCESS = 8;

  /** FileRenameInformation. */
  public static final int FILE_RENAME = 10;

  /** FileLinkInformation. */
  public static final int FILE_LINK = 11;

  /** FileNamesInformation. */
  public static final int FILE_NAMES = 12;

  /** FileDispositionInformation. */
  public static final int FILE_DISPOSITION = 13;

  /** FilePositionInformation. */
  public static final int FILE_POSITION = 14;

  /** FileFullEaInformation. */
  public static final int FILE_FULL_EA = 15;

  /** FileModeInformation. */
  public static final int FILE_MODE = 16;

  /** FileAlignmentInformation. */
  public static final int FILE_ALIGNMENT = 17;

  /** FileAllInformation. */
  public static final int FILE_ALL = 18;

  /** FileAllocationInformation. */
  public static final int FILE_ALLOCATION = 19;

  /** FileEndOfFileInformation. */
  public static final int FILE_END_OF_FILE = 20;

  /** FileAlternateNameInformation. */
  public static final int FILE_ALTERNATE_NAME = 21;

  /** FileStreamInformation. */
  public static final int FILE_STREAM = 22;

  /** FileCompressionInformation. */
  public static final int FILE_COMPRESSION = 28;

  /** FileNetworkOpenInformation. */
  public static final int FILE_NETWORK_OPEN = 34;

  /** FileAttributeTagInformation. */
  public static final int FILE_ATTRIBUTE_TAG = 35;

  /** FileIdBothDirectoryInformation. */
  public static final int FILE_ID_BOTH_DIRECTORY = 37;

  /** FileIdFullDirectoryInformation. */
  public static final int FILE_ID_FULL_DIRECTORY = 38;

  /** FileNormalizedNameInformation. */
  public static final int FILE_NORMALIZED_NAME = 48;

  /** FileIdInformation. */
  public static final int FILE_ID = 59;

  /** FileDispositionInformationEx. */
  public static final int FILE_DISPOSITION_EX = 64;

  /** FileFsVolumeInformation. */
  public static final int FS_VOLUME = 1;

  /** FileFsSizeInformation. */
  public static final int FS_SIZE = 3;

  /** FileFsDeviceInformation. */
  public static final int FS_DEVICE = 4;

  /** FileFsAttributeInformation. */
  public static final int FS_ATTRIBUTE = 5;

  /** FileFsControlInformation. */
  public static final int FS_CONTROL = 6;

  /** FileFsFullSizeInformation. */
  public static final int FS_FULL_SIZE = 7;

  /** FileFsObjectIdInformation. */
  public static final int FS_OBJECT_ID = 8;

  /** FileFsSectorSizeInformation. */
  public static final int FS_SECTOR_SIZE = 11;

  private InfoClass() {}
}
