/**
 * The IPC$ named pipes: DCE/RPC connection-oriented PDUs ([C706], [MS-RPCE]) with NDR, and the
 * srvsvc interface's NetShareEnumAll and NetShareGetInfo ([MS-SRVS] 3.1.4.8, 3.1.4.10), so that
 * {@code smbclient -L} and Explorer list the shares.
 */
package dev.kiln.smb.rpc;
