package dev.kiln.smb.share;

import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;
import java.util.List;

/** Where the SMB server finds what it shares; the daemon backs it with the storage engine. */
public interface ShareSource {

  /** The datasets shared now (sharesmb not off), with their parsed options. */
  List<SmbShare> shares() throws IOException;

  /** The live file system of a shared dataset. */
  FileSystem fileSystem(SmbShare share) throws IOException;

  /** The snapshots of a shared dataset, oldest first. */
  List<SnapshotEntry> snapshots(SmbShare share) throws IOException;

  /** The read-only file system of one of its snapshots. */
  FileSystem snapshotFileSystem(SmbShare share, String snapshotName) throws IOException;
}
