/**
 * NFS version 3 (RFC 1813): one class per procedure, named after the specification. A procedure
 * returns its NFS3_OK body or throws; the program turns the exception into the nfsstat3 and the
 * procedure's failure body (post-operation attributes, wcc data). Changes that RFC 1813 requires to
 * be stable before the reply (creates, removes, renames, setattr, stable writes) are committed to
 * the engine's intent log before replying; UNSTABLE writes wait for COMMIT.
 */
package dev.kiln.nfs.nfs3;
