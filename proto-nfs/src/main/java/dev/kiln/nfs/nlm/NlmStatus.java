package dev.kiln.nfs.nlm;

/** nlm4_stats (XNFS NLM version 4). */
public enum NlmStatus {
  GRANTED,
  DENIED,
  DENIED_NOLOCKS,
  BLOCKED,
  DENIED_GRACE_PERIOD,
  DEADLCK,
  ROFS,
  STALE_FH,
  FBIG,
  FAILED
}
