/** The MOUNT protocol, versions 1 and 3 (RFC 1813 Appendix I). */
package dev.kiln.nfs.mount;
