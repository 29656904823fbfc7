/**
 * The iSCSI service's adapters: the engine's volume datasets seen as targets by the {@code
 * proto-iscsi} server, which depends on {@code engine-api} only.
 */
package dev.kiln.daemon.iscsi;
