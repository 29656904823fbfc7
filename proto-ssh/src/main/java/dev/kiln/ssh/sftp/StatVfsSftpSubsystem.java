package dev.kiln.ssh.sftp;

import dev.kiln.engine.api.fs.FsStat;
import dev.kiln.ssh.fs.DatasetFileStore;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.extensions.openssh.AbstractOpenSSHExtensionParser.OpenSSHExtension;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;

/**
 * MINA's SFTP server plus the OpenSSH extensions it lacks: {@code statvfs@openssh.com} and {@code
 * fstatvfs@openssh.com} (OpenSSH PROTOCOL §4.4), which {@code df} in sftp and {@code statfs}
 * through sshfs use.
 */
final class StatVfsSftpSubsystem extends SftpSubsystem {

  static final String STATVFS = "statvfs@openssh.com";
  static final String FSTATVFS = "fstatvfs@openssh.com";

  /** ST_RDONLY in f_flag. */
  private static final long ST_RDONLY = 0x1;

  private static final long BLOCK = 4096;

  StatVfsSftpSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator) {
    super(channel, configurator);
  }

  @Override
  protected List<OpenSSHExtension> resolveOpenSSHExtensions(ServerSession session) {
    List<OpenSSHExtension> out = new ArrayList<>(super.resolveOpenSSHExtensions(session));
    out.add(new OpenSSHExtension(STATVFS, "2"));
    out.add(new OpenSSHExtension(FSTATVFS, "2"));
    return out;
  }

  @Override
  protected void executeExtendedCommand(Buffer buffer, int id, String extension)
      throws IOException {
    if (!extension.equals(STATVFS) && !extension.equals(FSTATVFS)) {
      super.executeExtendedCommand(buffer, id, extension);
      return;
    }
    String arg = buffer.getString();
    try {
      Path path;
      if (extension.equals(STATVFS)) {
        path = resolveFile(arg);
      } else {
        Handle h = handles.get(arg);
        path = validateHandle(arg, h, FileHandle.class).getFile();
      }
      FileStore store = Files.getFileStore(path);
      FsStat st =
          store instanceof DatasetFileStore d
              ? d.stat()
              : new FsStat(
                  store.getTotalSpace(),
                  store.getUnallocatedSpace(),
                  store.getUsableSpace(),
                  0,
                  0,
                  0);
      Buffer reply = prepareReply(buffer);
      reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
      reply.putInt(id);
      reply.putLong(BLOCK); // f_bsize
      reply.putLong(BLOCK); // f_frsize
      reply.putLong(st.totalBytes() / BLOCK); // f_blocks
      reply.putLong(st.freeBytes() / BLOCK); // f_bfree
      reply.putLong(st.availableBytes() / BLOCK); // f_bavail
      reply.putLong(st.totalFiles()); // f_files
      reply.putLong(st.freeFiles()); // f_ffree
      reply.putLong(st.availableFiles()); // f_favail
      reply.putLong(store.name().hashCode() & 0xffff_ffffL); // f_fsid
      reply.putLong(store.isReadOnly() ? ST_RDONLY : 0); // f_flag
      reply.putLong(255); // f_namemax
      send(reply);
    } catch (IOException | RuntimeException e) {
      sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, extension, arg);
    }
  }
}
