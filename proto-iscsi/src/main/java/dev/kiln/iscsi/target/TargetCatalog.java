package dev.kiln.iscsi.target;

import java.util.List;
import java.util.Optional;

/**
 * Where the server finds its targets: the daemon adapts the management configuration and the
 * storage engine to it. Consulted at every login, so changes apply to new sessions.
 */
public interface TargetCatalog {

  /** Every target, for SendTargets discovery. */
  List<IscsiTarget> targets();

  /** The target named {@code name}. */
  default Optional<IscsiTarget> target(String name) {
    return targets().stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
