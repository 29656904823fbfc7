/**
 * The SCSI block device (SBC-3, SPC-4) over an engine {@link
 * dev.kiln.engine.api.block.BlockVolume}: CDB decoding, INQUIRY and its VPD pages, mode pages,
 * reservations (persistent and RESERVE(6)), and sense data for every refusal.
 *
 * <p>Durability follows the volume: the caching mode page reports the write cache enabled, so a
 * plain WRITE is acknowledged once the engine holds it and is durable after SYNCHRONIZE CACHE; FUA
 * (and WRITE AND VERIFY, and every write when the initiator clears WCE) is durable on
 * acknowledgement.
 */
package dev.kiln.iscsi.scsi;
