package dev.kiln.engine.api.manage;

/** The sync property's values: how write durability requests are honoured. */
public enum SyncSetting {
  /** Honour each request (UNSTABLE stays unstable, FILE_SYNC and FUA are synchronous). */
  STANDARD,
  /** Treat every write as FILE_SYNC. */
  ALWAYS,
  /** Ignore sync requests (fast, loses acknowledged writes on power loss). */
  DISABLED
}
