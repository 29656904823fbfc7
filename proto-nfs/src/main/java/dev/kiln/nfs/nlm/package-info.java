/**
 * Byte-range locking: NLM version 4 over an in-memory lock table with POSIX semantics, and NSM,
 * whose persistent state number and list of clients holding locks let clients reclaim their locks
 * in the grace period after a restart.
 */
package dev.kiln.nfs.nlm;
