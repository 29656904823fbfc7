package dev.kiln.common.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process may bind ports below 1024: as root, or when the kernel's {@code
 * net.ipv4.ip_unprivileged_port_start} allows it.
 */
public final class PrivilegedPorts {

  private static final Path UNPRIVILEGED_START =
      Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

  private PrivilegedPorts() {}

  /** True when binding every port from 1 up is allowed. */
  public static boolean canBind() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (uid instanceof Integer u && u == 0) {
        return true;
      }
      if (Files.isReadable(UNPRIVILEGED_START)) {
        return Integer.parseInt(Files.readString(UNPRIVILEGED_START).strip()) <= 1;
      }
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  /**
   * The offset to use: an explicit one when given (0 = real ports), otherwise 0 when privileged
   * ports can be bound and {@link PortPlan#DEFAULT_UNPRIVILEGED_OFFSET} when they cannot.
   */
  public static int offset(Integer explicit) {
    if (explicit != null) {
      return explicit;
    }
    return canBind() ? 0 : PortPlan.DEFAULT_UNPRIVILEGED_OFFSET;
  }
}
