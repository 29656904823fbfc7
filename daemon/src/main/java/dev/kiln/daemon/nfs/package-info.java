/** The {@code nfs} service of `kiln serve`: wires the NFS front end to the engine and settings. */
package dev.kiln.daemon.nfs;
