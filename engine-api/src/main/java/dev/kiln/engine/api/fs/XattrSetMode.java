package dev.kiln.engine.api.fs;

/**
 * Whether setting an extended attribute may create it, replace it, or both (XATTR_CREATE/REPLACE).
 */
public enum XattrSetMode {
  /** Create or replace. */
  EITHER,
  /** Fail with AlreadyExistsException if the attribute exists. */
  CREATE,
  /** Fail with NoSuchAttributeException if the attribute does not exist. */
  REPLACE
}
