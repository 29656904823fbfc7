package dev.kiln.iscsi.scsi;

import java.nio.ByteBuffer;

/**
 * One SCSI command as the transport delivers it.
 *
 * @param cdb the command descriptor block
 * @param dataOut the data the initiator sent (empty for none)
 * @param allocation the initiator's expected data-in length (iSCSI ExpectedDataTransferLength)
 * @param nexus the I_T nexus that sent it
 */
public record ScsiRequest(byte[] cdb, ByteBuffer dataOut, int allocation, Nexus nexus) {}
