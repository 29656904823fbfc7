package dev.kiln.engine.api.manage;

/** Where a dataset's effective property value comes from (zfs get SOURCE column). */
public enum PropertySource {
  /** Set on this dataset. */
  LOCAL,
  /** Taken from the nearest ancestor that sets it. */
  INHERITED,
  /** Nobody sets it; the catalogue default applies. */
  DEFAULT,
  /** Set by a replication receive; a local setting overrides it. */
  RECEIVED
}
