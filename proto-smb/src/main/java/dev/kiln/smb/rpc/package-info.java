/**
 * The IPC$ named pipes: DCE/RPC connection-oriented PDUs ([C706], [MS-RPCE]) with NDR, and the
 * srvsvc interface's NetShareEnumAll and NetShareGetInfo ([MS-SRVS] 3.1.4.8, 3.1.4.10), so that
 * {@code smbclient -L} and Explorer list the shares.
 *
 * <p>Design notes: {@link dev.kiln.smb.rpc.SrvsvcPipe} is one pipe open; bytes written are PDUs
 * (whole or in pieces), answers are read back. Only NDR 2.0 is bound (NDR64 and other syntaxes are
 * rejected in the bind ack's result list; bind-time feature negotiation is acknowledged with no
 * features); binds with an RPC security verifier are refused (the SMB session is the
 * authentication). Responses are fragmented to the client's max_recv_frag in multiples of 8 stub
 * bytes. Every decoding error becomes a FAULT (bad stub data, unknown opnum, unknown context,
 * protocol error); nothing throws out of write or read. Share info levels 2 and 502 are served
 * without path, password or security descriptor (null pointers): Kiln has no Windows path.
 */
package dev.kiln.smb.rpc;
