package dev.kiln.ssh.fs;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.file.util.BasePath;

/** A path of the SFTP view: {@code /<pool>/<dataset>/.../<file>}, '/'-separated. */
public final class DatasetPath extends BasePath<DatasetPath, DatasetFileSystem> {

  DatasetPath(DatasetFileSystem fs, String root, List<String> names) {
    super(fs, root, names);
  }

  /** The absolute, normalized path; links are not followed (the view has no aliases to undo). */
  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    DatasetPath abs = toAbsolutePath().normalize();
    getFileSystem().resolve(abs, true);
    return abs;
  }

  /** The names of the normalized absolute path. */
  List<String> components() {
    return toAbsolutePath().normalize().names;
  }
}
