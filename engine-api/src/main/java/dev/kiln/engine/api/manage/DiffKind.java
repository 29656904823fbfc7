package dev.kiln.engine.api.manage;

/** How a path changed between two snapshots (zfs diff -, +, M, R). */
public enum DiffKind {
  CREATED,
  MODIFIED,
  DELETED,
  RENAMED
}
