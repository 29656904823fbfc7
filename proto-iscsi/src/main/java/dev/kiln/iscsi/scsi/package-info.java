/**
 * The SCSI block device (SBC-3, SPC-4) over an engine {@link
 * dev.kiln.engine.api.block.BlockVolume}: CDB decoding, INQUIRY and its VPD pages, mode pages,
 * reservations (persistent and RESERVE(6)), and sense data for every refusal.
 *
 * <p>Durability follows the volume: the caching mode page reports the write cache enabled, so a
 * plain WRITE is acknowledged once the engine holds it and is durable after SYNCHRONIZE CACHE; FUA
 * (and WRITE AND VERIFY, and every write when the initiator clears WCE) is durable on
 * acknowledgement.
 *
 * <p>Unit attentions (SAM-5 §5.14) are queued per logical unit and I_T nexus ({@code
 * UnitAttentions}): a new session starts with POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (as tgt
 * does for every new nexus; libiscsi and the Linux initiator clear it with TEST UNIT READY after
 * login), a LUN or target reset tells the other nexuses BUS DEVICE RESET FUNCTION OCCURRED, a
 * volume whose size changed tells every nexus CAPACITY DATA HAS CHANGED at its next command, and
 * persistent reservation changes tell the nexuses SPC-4 §5.12.11 names. The first command other
 * than INQUIRY, REPORT LUNS or REQUEST SENSE reports the oldest one (and so clears it); REQUEST
 * SENSE returns it as parameter data. Checking costs one volatile read while nothing is pending.
 */
package dev.kiln.iscsi.scsi;
