package dev.kiln.ssh.sftp;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** The "sftp" subsystem (draft-ietf-secsh-filexfer-02, v3 and later) over the session's view. */
public final class DatasetSftpSubsystemFactory extends SftpSubsystemFactory {

  @Override
  public Command createSubsystem(ChannelSession channel) {
    return new StatVfsSftpSubsystem(channel, this);
  }
}
