package dev.kiln.daemon;

import dev.kiln.common.config.KilnConfig;
import dev.kiln.common.net.PortPlan;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Everything the daemon is started with, resolved and validated before anything is bound.
 *
 * @param dataDir the data directory
 * @param config the configuration file's contents
 * @param plan the ports to use
 * @param hostname the appliance's host name
 * @param clock the time source
 */
public record DaemonSettings(
    Path dataDir, KilnConfig config, PortPlan plan, String hostname, Clock clock) {}
