package dev.kiln.common.config;

import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.PortRegistry;
import dev.kiln.common.net.PortRow;
import dev.kiln.common.net.PrivilegedPorts;
import java.util.OptionalInt;

/** Builds the node's {@link PortPlan} from the configuration and command-line overrides. */
public final class PortPlans {

  private PortPlans() {}

  /**
   * The plan for this node. Precedence for the offset: {@code explicitOffset} (the command line),
   * then {@code KILN_PORT_OFFSET}, then {@code port-offset} in the file, then detection.
   */
  public static PortPlan fromConfig(
      KilnConfig config,
      Integer explicitOffset,
      Integer explicitWitnessInstance,
      String envOffset) {
    Integer offset = explicitOffset;
    if (offset == null && envOffset != null && !envOffset.isBlank()) {
      OptionalInt fromEnv = KilnOptions.PORT_OFFSET.parse(envOffset);
      offset = fromEnv.isPresent() ? fromEnv.getAsInt() : null;
    }
    if (offset == null) {
      OptionalInt fromFile = config.get(KilnOptions.PORT_OFFSET);
      offset = fromFile.isPresent() ? fromFile.getAsInt() : null;
    }
    PortPlan.Builder b =
        PortPlan.builder()
            .withPortOffset(PrivilegedPorts.offset(offset))
            .withWitnessInstance(
                explicitWitnessInstance != null
                    ? explicitWitnessInstance
                    : config.get(KilnOptions.WITNESS_INSTANCE));
    for (PortRow row : PortRegistry.rows()) {
      if (config.isSet(KilnOptions.ports(row.id()))) {
        b.withOverride(row.id(), config.get(KilnOptions.ports(row.id())));
      }
    }
    return b.build();
  }
}
