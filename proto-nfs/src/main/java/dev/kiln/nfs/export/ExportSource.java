package dev.kiln.nfs.export;

import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;
import java.util.List;

/** Where the NFS server finds what it shares; the daemon backs it with the storage engine. */
public interface ExportSource {

  /** The datasets shared now (sharenfs not off), with their parsed rules. */
  List<Export> exports() throws IOException;

  /** The live file system of a shared dataset. */
  FileSystem fileSystem(Export export) throws IOException;

  /** The snapshots of a shared dataset, oldest first. */
  List<SnapshotEntry> snapshots(Export export) throws IOException;

  /** The read-only file system of one of its snapshots. */
  FileSystem snapshotFileSystem(Export export, String snapshotName) throws IOException;
}
