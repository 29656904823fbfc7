/**
 * Kiln's storage SPI: the only engine surface protocol front ends and management see.
 *
 * <ul>
 *   <li>{@code fs}: inode-level file operations ({@code FileSystem}) for NFS, SMB and SFTP.
 *   <li>{@code block}: block volumes ({@code BlockVolume}) for iSCSI.
 *   <li>{@code acl}: the NFSv4-style ACL model both NFS and SMB map to.
 *   <li>{@code manage}: pools, datasets, snapshots, clones and typed properties.
 *   <li>{@code error}: one sealed exception class per protocol-visible status.
 *   <li>{@code io}: the raw device contract the engine stores pools on.
 * </ul>
 *
 * <p>Rules: data is records; every failure a client can see is an {@code EngineException} subclass;
 * optional features are default methods that throw {@code NotSupportedException}; no type here
 * depends on the engine's internals (the engine depends on this module, never the reverse). The
 * testkit module holds the in-memory reference implementation and the contract suites every
 * implementation must pass.
 */
package dev.kiln.engine.api;
