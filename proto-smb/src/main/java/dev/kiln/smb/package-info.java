/**
 * The SMB service (ports 445 and 139 in the registry): an SMB 2.0.2 to 3.1.1 file server over the
 * engine's file systems, written from [MS-SMB2].
 *
 * <p>Design notes: the front end depends on {@code engine-api} and {@code common} only; users and
 * their NT hashes come from the daemon through {@link dev.kiln.smb.auth.SmbAccounts}. Layers: the
 * transport (direct TCP on 445, NetBIOS session service on 139) frames messages; the connection
 * verifies signatures and decrypts; the dispatcher splits compounds and hands each request to one
 * class per command; commands reach the engine through the tree's share. Authentication ({@code
 * auth}), message signing and encryption ({@code crypto}), the srvsvc named pipe ({@code rpc}) and
 * security descriptors ({@code security}) are self-contained packages the dispatcher calls.
 */
package dev.kiln.smb;
