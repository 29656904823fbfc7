package dev.kiln.common.net;

import java.util.Locale;

/**
 * One row of the seed's port table, by name. The key is the stable identifier used in the
 * configuration file ({@code ports.<key>}) and in the runtime state.
 */
public enum ServiceId {
  SSH,
  REPLICATION,
  MAIL,
  DNS,
  KERBEROS,
  NFS_RPC,
  NTP,
  SMB,
  SNMP,
  SNMP_TRAPS,
  LDAP,
  CALL_HOME,
  OUT_OF_BAND,
  HIAVD_WITNESS,
  SYSLOG,
  RMCP,
  NFS,
  CONFD,
  ISCSI,
  NFS_LOCKMGR,
  HIAVD,
  KMIP,
  KEYMGRD,
  LICENSED,
  INFLUXDB,
  BSRAPID;

  /** The configuration key: lower case with dashes, such as {@code nfs-lockmgr}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The id with this configuration key. */
  public static ServiceId ofKey(String key) {
    for (ServiceId id : values()) {
      if (id.key().equals(key)) {
        return id;
      }
    }
    throw new IllegalArgumentException("unknown service key '" + key + "'");
  }
}
