/**
 * The configuration database: {@link dev.kiln.mgmt.store.ConfigStore}, a revisioned key-value store
 * with compare-and-swap transactions and watches (etcd's model), and its single-node implementation
 * {@link dev.kiln.mgmt.store.EmbeddedConfigStore}.
 *
 * <p>On disk (format 1, {@code <data-dir>/config/}): {@code store.snap} = magic "KCSS", format,
 * revision, entry count, entries (key, value, create/mod revision, version), CRC-32C of all of it;
 * {@code store.log} = records {@code [length u32][CRC-32C u32][revision u64][writes u16] [op u8,
 * key u16+bytes, value u32+bytes]...}. A commit is durable when {@code commit} returns.
 */
package dev.kiln.mgmt.store;
