/**
 * iSCSI PDU framing (RFC 7143 §11): the 48-byte Basic Header Segment read and written by offset,
 * CRC32C header and data digests (§13.1), and a reader that lets the connection choose where a data
 * segment lands so SCSI write data is read straight into the task's transfer buffer and read data
 * is sent as slices of the buffer the volume filled: the data path copies nothing per PDU.
 *
 * <p>Framing errors (digest mismatch, a segment longer than the negotiated
 * MaxRecvDataSegmentLength) end the connection: at ErrorRecoveryLevel 0 that is the recovery
 * (§7.1.4).
 */
package dev.kiln.iscsi.pdu;
