package dev.kiln.common.config;

import dev.kiln.common.net.PortRegistry;
import dev.kiln.common.net.PortRow;
import dev.kiln.common.net.ServiceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** The catalogue of every option the appliance reads from {@code kiln.conf}, with defaults. */
public final class KilnOptions {

  /** Address every listener binds to. */
  public static final ConfigOption<String> LISTEN_ADDRESS =
      new ConfigOption<>(
          "listen.address",
          "0.0.0.0",
          "Address every listener binds to (0.0.0.0 = all IPv4 and IPv6 interfaces).",
          s -> requireNonEmpty(s));

  /** Host name used in the certificate and in messages. */
  public static final ConfigOption<String> HOSTNAME =
      new ConfigOption<>(
          "hostname",
          "auto",
          "Host name for the TLS certificate and messages; auto = the system's host name.",
          s -> requireNonEmpty(s));

  /** Offset for listening ports below 1024. */
  public static final ConfigOption<OptionalInt> PORT_OFFSET =
      new ConfigOption<>(
          "port-offset",
          "auto",
          "Offset added to listening ports below 1024: auto = 0 when they can be bound (root),"
              + " 10000 otherwise; 0 = real ports. Overridden by --port-offset and"
              + " KILN_PORT_OFFSET.",
          KilnOptions::parseOffset);

  /** This node's instance number on an HA witness. */
  public static final ConfigOption<Integer> WITNESS_INSTANCE =
      new ConfigOption<>(
          "witness-instance",
          "1",
          "Instance number of hiavd/confd on a witness: instance N uses hiavd port 4745+N.",
          s -> parseInt(s, 1, 64));

  /** Console and file log level. */
  public static final ConfigOption<String> LOG_LEVEL =
      new ConfigOption<>(
          "log.level",
          "INFO",
          "Log level: ERROR, WARN, INFO, DEBUG or TRACE.",
          s ->
              oneOf(s.toUpperCase(Locale.ROOT), Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE")));

  /** Size at which the log file rolls over. */
  public static final ConfigOption<Long> LOG_FILE_MAX_SIZE =
      new ConfigOption<>(
          "log.file.max-size",
          "10MB",
          "The JSON log file (logs/kiln.log) rolls over at this size.",
          KilnOptions::parseSize);

  /** How many rolled log files to keep. */
  public static final ConfigOption<Integer> LOG_FILE_MAX_HISTORY =
      new ConfigOption<>(
          "log.file.max-history",
          "14",
          "Days of rolled log files to keep.",
          s -> parseInt(s, 1, 3650));

  /** Cap on all log files together. */
  public static final ConfigOption<Long> LOG_FILE_TOTAL_SIZE_CAP =
      new ConfigOption<>(
          "log.file.total-size-cap",
          "1GB",
          "Rolled log files are deleted, oldest first, beyond this total size.",
          KilnOptions::parseSize);

  /** Time allowed for a graceful stop. */
  public static final ConfigOption<Integer> SHUTDOWN_TIMEOUT_SECONDS =
      new ConfigOption<>(
          "shutdown.timeout-seconds",
          "30",
          "Seconds each service gets to finish in-flight work on SIGTERM/SIGINT.",
          s -> parseInt(s, 1, 3600));

  /** Validity of the self-signed certificate. */
  public static final ConfigOption<Integer> CERT_VALIDITY_DAYS =
      new ConfigOption<>(
          "identity.certificate-days",
          "825",
          "Validity in days of the self-signed TLS certificate made at first start.",
          s -> parseInt(s, 1, 3650));

  /** Name of the pool made at first start. */
  public static final ConfigOption<String> DEFAULT_POOL_NAME =
      new ConfigOption<>(
          "pool.default.name",
          "tank",
          "Pool created at first start when the data directory has none (empty = create none).",
          s -> s);

  /** Size of the default pool's sparse file. */
  public static final ConfigOption<String> DEFAULT_POOL_SIZE =
      new ConfigOption<>(
          "pool.default.size",
          "auto",
          "Size of the default pool's sparse file in <data-dir>/pools: auto = half the free space"
              + " of the file system holding it (1 GiB to 1 TiB), or a size such as 100G.",
          s -> {
            if (!s.equals("auto")) {
              dev.kiln.common.ByteSizes.parse(s);
            }
            return s;
          });

  /** Block cache bound. */
  public static final ConfigOption<Long> ENGINE_CACHE_SIZE =
      new ConfigOption<>(
          "engine.cache-size",
          "256MB",
          "Upper bound of the storage engine's block cache.",
          KilnOptions::parseSize);

  /** Transaction group interval. */
  public static final ConfigOption<Integer> ENGINE_TXG_SECONDS =
      new ConfigOption<>(
          "engine.txg-interval-seconds",
          "5",
          "Seconds between background transaction group syncs (sync writes use the intent log).",
          s -> parseInt(s, 1, 300));

  /** NLM grace period after a start. */
  public static final ConfigOption<Integer> NFS_GRACE_SECONDS =
      new ConfigOption<>(
          "nfs.grace-period-seconds",
          "90",
          "Seconds after a start during which NFS clients may only reclaim their locks.",
          s -> parseInt(s, 0, 3600));

  /** iSNS server the iSCSI targets are registered with. */
  public static final ConfigOption<String> ISCSI_ISNS_SERVER =
      new ConfigOption<>(
          "iscsi.isns-server",
          "",
          "host[:port] of an iSNS server (RFC 4171) to register the iSCSI targets with; empty ="
              + " none. The port defaults to 3205.",
          s -> s.strip());

  private static final Map<ServiceId, ConfigOption<List<Integer>>> PORTS = portOptions();

  private KilnOptions() {}

  /** Every general option, in template order (the per-row port options come after). */
  public static List<ConfigOption<?>> general() {
    return List.of(
        LISTEN_ADDRESS,
        HOSTNAME,
        PORT_OFFSET,
        WITNESS_INSTANCE,
        LOG_LEVEL,
        LOG_FILE_MAX_SIZE,
        LOG_FILE_MAX_HISTORY,
        LOG_FILE_TOTAL_SIZE_CAP,
        SHUTDOWN_TIMEOUT_SECONDS,
        CERT_VALIDITY_DAYS,
        DEFAULT_POOL_NAME,
        DEFAULT_POOL_SIZE,
        ENGINE_CACHE_SIZE,
        ENGINE_TXG_SECONDS,
        NFS_GRACE_SECONDS,
        ISCSI_ISNS_SERVER);
  }

  /** The {@code ports.<row>} option of a registry row. */
  public static ConfigOption<List<Integer>> ports(ServiceId id) {
    return PORTS.get(id);
  }

  /** Every option by key. */
  public static Map<String, ConfigOption<?>> all() {
    Map<String, ConfigOption<?>> all = new LinkedHashMap<>();
    for (ConfigOption<?> o : general()) {
      all.put(o.key(), o);
    }
    for (PortRow row : PortRegistry.rows()) {
      ConfigOption<List<Integer>> o = PORTS.get(row.id());
      all.put(o.key(), o);
    }
    return Collections.unmodifiableMap(all);
  }

  private static Map<ServiceId, ConfigOption<List<Integer>>> portOptions() {
    Map<ServiceId, ConfigOption<List<Integer>>> map = new EnumMap<>(ServiceId.class);
    for (PortRow row : PortRegistry.rows()) {
      String defaults = String.join(",", row.ports().stream().map(String::valueOf).toList());
      String desc =
          "%s (%s, %s, %s): %s. One port per seed port; 0 = any free port."
              .formatted(
                  row.service(),
                  row.protocolLabel(),
                  row.direction().seedName(),
                  row.listens() ? "listens" : "connects out",
                  row.purpose());
      map.put(
          row.id(),
          new ConfigOption<>(
              "ports." + row.id().key(), defaults, desc, s -> parsePorts(s, row.ports().size())));
    }
    return map;
  }

  static List<Integer> parsePorts(String text, int expected) {
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",")) {
      out.add(parseInt(part.strip(), 0, 65535));
    }
    if (out.size() != expected) {
      throw new IllegalArgumentException("expected " + expected + " comma-separated port(s)");
    }
    return List.copyOf(out);
  }

  static OptionalInt parseOffset(String text) {
    if (text.equals("auto")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(parseInt(text, 0, 64_512));
  }

  static int parseInt(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  static long parseSize(String text) {
    String t = text.toUpperCase(Locale.ROOT);
    long unit = 1;
    for (String[] suffix :
        new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}}) {
      if (t.endsWith(suffix[0])) {
        unit = Long.parseLong(suffix[1]);
        t = t.substring(0, t.length() - 2);
        break;
      }
    }
    long n;
    try {
      n = Long.parseLong(t.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size such as 10MB", e);
    }
    if (n <= 0 || n > Long.MAX_VALUE / unit) {
      throw new IllegalArgumentException("size out of range");
    }
    return n * unit;
  }

  private static String requireNonEmpty(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return s;
  }

  private static String oneOf(String s, Set<String> allowed) {
    if (!allowed.contains(s)) {
      throw new IllegalArgumentException("must be one of " + new java.util.TreeSet<>(allowed));
    }
    return s;
  }
}
