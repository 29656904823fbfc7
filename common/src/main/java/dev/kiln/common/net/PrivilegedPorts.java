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

  /** The lowest port any registry row listens on (SSH). */
  private static final int LOWEST_LISTENING_PORT =
      PortRegistry.rows().stream()
          .filter(PortRow::listens)
          .flatMap(r -> r.ports().stream())
          .min(Integer::compare)
          .orElseThrow();

  private PrivilegedPorts() {}

  /** True when binding every port from 1 up is allowed. */
  public static boolean canBind() {
    try {
      // The effective uid from the kernel (not /proc/self's owner, which is root for processes
      // that changed credentials).
      if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
        return true;
      }
      if (Files.isReadable(UNPRIVILEGED_START)) {
        // Files.readString trusts the reported size, which procfs gives as 0: read a line.
        try (var reader = Files.newBufferedReader(UNPRIVILEGED_START)) {
          String line = reader.readLine();
          return line != null && Integer.parseInt(line.strip()) <= LOWEST_LISTENING_PORT;
        }
      }
    } catch (IOException | NumberFormatException | LinkageError e) {
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
