package dev.kiln.iscsi.target;

import dev.kiln.iscsi.login.SessionParameters;
import dev.kiln.iscsi.scsi.Nexus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An iSCSI session (RFC 7143 §4.4): one I_T nexus with its negotiated parameters, command window
 * and connections. A discovery session has no target.
 */
final class Session {

  /** Commands the initiator may have outstanding (MaxCmdSN - ExpCmdSN + 1). */
  static final int WINDOW = 64;

  private final int tsih;
  private final long isid;
  private final String initiatorName;
  private final IscsiTarget target;
  private final SessionParameters params;
  private final CommandWindow window;
  private final Nexus nexus;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  Session(
      int tsih,
      long isid,
      String initiatorName,
      IscsiTarget target,
      SessionParameters params,
      int initialCmdSn) {
    this.tsih = tsih;
    this.isid = isid;
    this.initiatorName = initiatorName;
    this.target = target;
    this.params = params;
    this.window = new CommandWindow(initialCmdSn, WINDOW);
    this.nexus = new Nexus("%s,i,0x%012x".formatted(initiatorName, isid), initiatorName);
  }

  int tsih() {
    return tsih;
  }

  long isid() {
    return isid;
  }

  String initiatorName() {
    return initiatorName;
  }

  /** The target, or null for a discovery session. */
  IscsiTarget target() {
    return target;
  }

  boolean discovery() {
    return target == null;
  }

  SessionParameters params() {
    return params;
  }

  CommandWindow window() {
    return window;
  }

  Nexus nexus() {
    return nexus;
  }

  List<Connection> connections() {
    return connections;
  }
}
