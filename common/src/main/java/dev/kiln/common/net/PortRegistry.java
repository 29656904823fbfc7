package dev.kiln.common.net;

import static dev.kiln.common.net.Direction.BIDIRECTIONAL;
import static dev.kiln.common.net.Direction.INBOUND;
import static dev.kiln.common.net.Direction.OUTBOUND;
import static dev.kiln.common.net.Readiness.IMPLEMENTED;
import static dev.kiln.common.net.Readiness.PARTIAL;
import static dev.kiln.common.net.Readiness.PLANNED;
import static dev.kiln.common.net.Transport.TCP;
import static dev.kiln.common.net.Transport.UDP;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seed's port table as typed data: the single source of truth for every port Kiln opens or
 * connects to. Services bind from a {@link PortPlan} built on it; `kiln ports`, the firewall
 * generators and the README table are rendered from it.
 */
public final class PortRegistry {

  /** The seed's closing note: ping between HA nodes and the witness. */
  public static final String HA_ICMP_NOTE =
      "ICMP echo (ping) is required between all HA nodes, including the witness.";

  /** The seed's note on hiavd and confd instances on a witness. */
  public static final String WITNESS_NOTE =
      "hiavd's first instance uses 4746; the Nth instance on a witness uses 4745+N."
          + " confd follows the same rule (see docs/adr/002-witness-instance-ports.md).";

  private static final Set<Transport> T = Set.of(TCP);
  private static final Set<Transport> U = Set.of(UDP);
  private static final Set<Transport> TU = Set.of(TCP, UDP);

  private static final List<PortRow> SEED =
      List.of(
          row(
              ServiceId.SSH,
              "SSH",
              List.of(22),
              T,
              BIDIRECTIONAL,
              "Receive Management and Replication data",
              "proto-ssh",
              true,
              PARTIAL,
              "admin shell (kiln CLI), SFTP/SCP into datasets, key logins; replication transport"
                  + " not yet"),
          row(
              ServiceId.REPLICATION,
              "TCP Replication",
              List.of(22, 8444, 8544),
              T,
              OUTBOUND,
              "Send Replication",
              "replication",
              false,
              PLANNED,
              "send/receive to peers"),
          row(
              ServiceId.MAIL,
              "mail",
              List.of(25, 587),
              T,
              OUTBOUND,
              "send notification emails",
              "monitoring",
              false,
              PLANNED,
              "alert e-mail"),
          row(
              ServiceId.DNS,
              "DNS",
              List.of(53),
              U,
              BIDIRECTIONAL,
              "Domain name Service",
              "security",
              false,
              PLANNED,
              "resolver client: replies arrive on the query's socket"),
          row(
              ServiceId.KERBEROS,
              "Kerberos",
              List.of(88),
              U,
              OUTBOUND,
              "Authentication",
              "security",
              false,
              PLANNED,
              "directory services"),
          row(
              ServiceId.NFS_RPC,
              "NFS/rpc",
              List.of(111),
              TU,
              BIDIRECTIONAL,
              "NFS client access",
              "proto-nfs",
              true,
              IMPLEMENTED,
              "portmap v2 + rpcbind v3/v4 (or registration with a system rpcbind)"),
          row(
              ServiceId.NTP,
              "NTP",
              List.of(123),
              U,
              BIDIRECTIONAL,
              "Time synchronization",
              "monitoring",
              true,
              PLANNED,
              "client to time servers, server to HA peers"),
          row(
              ServiceId.SMB,
              "SMB",
              List.of(139, 445),
              TU,
              INBOUND,
              "SMB/CIFS client access",
              "proto-smb",
              true,
              IMPLEMENTED,
              "SMB 2.0.2-3.1.1 on 445, NetBIOS session service on 139 (TCP only)"),
          row(
              ServiceId.SNMP,
              "SNMP",
              List.of(161),
              U,
              BIDIRECTIONAL,
              "Monitoring with SNMP",
              "monitoring",
              true,
              PLANNED,
              "SNMP agent"),
          row(
              ServiceId.SNMP_TRAPS,
              "SNMP traps",
              List.of(162),
              U,
              OUTBOUND,
              "Sending alerts to SNMP stations",
              "monitoring",
              false,
              PLANNED,
              "alert traps"),
          row(
              ServiceId.LDAP,
              "LDAP",
              List.of(389, 636),
              TU,
              OUTBOUND,
              "Access to directory service servers",
              "security",
              false,
              PLANNED,
              "directory services"),
          row(
              ServiceId.CALL_HOME,
              "HTTPS",
              List.of(443),
              T,
              OUTBOUND,
              "Call Home for Software Updates (https://myracktop.com)",
              "monitoring",
              false,
              PLANNED,
              "update check"),
          row(
              ServiceId.OUT_OF_BAND,
              "HTTPS",
              List.of(443),
              T,
              INBOUND,
              "RMM/iLO Out of Band Management",
              "mgmt",
              false,
              PLANNED,
              "served by the management listener on 443"),
          row(
              ServiceId.HIAVD_WITNESS,
              "hiavd",
              List.of(443),
              T,
              OUTBOUND,
              "High Availability Windows Witness",
              "cluster",
              false,
              PLANNED,
              "HA witness"),
          row(
              ServiceId.SYSLOG,
              "syslog",
              List.of(514),
              TU,
              OUTBOUND,
              "Logging",
              "monitoring",
              false,
              PLANNED,
              "remote syslog"),
          row(
              ServiceId.RMCP,
              "RMCP",
              List.of(623),
              TU,
              INBOUND,
              "HA Power/IPMI access",
              "cluster",
              true,
              PLANNED,
              "IPMI fencing"),
          row(
              ServiceId.NFS,
              "NFS/portmap",
              List.of(2049),
              TU,
              INBOUND,
              "NFS client access",
              "proto-nfs",
              true,
              IMPLEMENTED,
              "NFSv3 + MOUNT v1/v3, exports from sharenfs"),
          row(
              ServiceId.CONFD,
              "confd",
              List.of(2379, 2380),
              T,
              INBOUND,
              "Configuration database",
              "cluster",
              true,
              PLANNED,
              "configuration store"),
          row(
              ServiceId.ISCSI,
              "iSCSI",
              List.of(3205, 3260),
              T,
              INBOUND,
              "iSCSI client/initiator access",
              "proto-iscsi",
              true,
              IMPLEMENTED,
              "target on 3260 (targets, ACLs, CHAP via the API); iSNS client to 3205"),
          row(
              ServiceId.NFS_LOCKMGR,
              "NFS/lockmgr",
              List.of(4045),
              TU,
              INBOUND,
              "NFS client access",
              "proto-nfs",
              true,
              IMPLEMENTED,
              "NLM v4 + NSM, reclaim in a grace period"),
          row(
              ServiceId.HIAVD,
              "hiavd",
              List.of(4746),
              T,
              BIDIRECTIONAL,
              "High Availability (between HA nodes)",
              "cluster",
              true,
              PLANNED,
              "HA daemon"),
          row(
              ServiceId.KMIP,
              "KMIP",
              List.of(5696, 8445),
              T,
              OUTBOUND,
              "Access to key management server",
              "security",
              false,
              PLANNED,
              "external key management"),
          row(
              ServiceId.KEYMGRD,
              "keymgrd",
              List.of(5697),
              T,
              BIDIRECTIONAL,
              "Key replication/sync",
              "security",
              true,
              PLANNED,
              "key replication"),
          row(
              ServiceId.LICENSED,
              "bsrlicensed",
              List.of(5699),
              T,
              BIDIRECTIONAL,
              "HA license check",
              "cluster",
              true,
              PLANNED,
              "HA license check"),
          row(
              ServiceId.INFLUXDB,
              "influxdb",
              List.of(8086, 8088),
              T,
              INBOUND,
              "Used for BrickStor SP Manager (charts)",
              "monitoring",
              true,
              PLANNED,
              "metrics for charts"),
          row(
              ServiceId.BSRAPID,
              "bsrapid",
              List.of(80, 443, 8443),
              T,
              INBOUND,
              "Used for BrickStor SP Manager (http/https)",
              "mgmt",
              true,
              PARTIAL,
              "REST API over HTTPS and HTTP->HTTPS redirect; web UI not yet"));

  private static final Map<ServiceId, PortRow> BY_ID = index(SEED);

  private PortRegistry() {}

  /** Every row of the seed table, in the seed's order. */
  public static List<PortRow> rows() {
    return SEED;
  }

  /** The row with this id. */
  public static PortRow row(ServiceId id) {
    return BY_ID.get(id);
  }

  private static PortRow row(
      ServiceId id,
      String service,
      List<Integer> ports,
      Set<Transport> transports,
      Direction direction,
      String purpose,
      String module,
      boolean listens,
      Readiness readiness,
      String note) {
    boolean scaled = id == ServiceId.HIAVD || id == ServiceId.CONFD;
    return new PortRow(
        id,
        service,
        ports,
        transports,
        direction,
        purpose,
        module,
        listens,
        scaled,
        readiness,
        note);
  }

  private static Map<ServiceId, PortRow> index(List<PortRow> rows) {
    Map<ServiceId, PortRow> map = new EnumMap<>(ServiceId.class);
    for (PortRow r : rows) {
      if (map.put(r.id(), r) != null) {
        throw new IllegalStateException("duplicate row " + r.id());
      }
    }
    if (map.size() != ServiceId.values().length) {
      throw new IllegalStateException("every ServiceId needs a row");
    }
    return map;
  }
}
