/**
 * Shares: datasets whose {@code sharesmb} property is set, parsed like proto-nfs parses {@code
 * sharenfs}, and their snapshots as previous versions.
 *
 * <p>Design notes: the list is cached briefly so a TREE_CONNECT does not scan every dataset; a
 * value that does not parse leaves the dataset unshared.
 */
package dev.kiln.smb.share;
