/**
 * iSCSI configuration: targets, their LUN maps, initiator ACLs and CHAP secrets, kept in the
 * configuration store and read by the iSCSI service at every login. CHAP secrets are stored as
 * given because CHAP (RFC 1994) needs the secret itself; the API never returns them.
 */
package dev.kiln.mgmt.iscsi;
