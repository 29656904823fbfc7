package dev.kiln.common.net;

/** How far a row's service is implemented today; `kiln ports` and the README show it. */
public enum Readiness {
  /** Not implemented yet: nothing binds or connects. */
  PLANNED,
  /** Partly implemented: the row's note says what works. */
  PARTIAL,
  /** Implemented and tested against a real peer. */
  IMPLEMENTED;

  /** Lower-case label for tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
