/**
 * Windows security descriptors ([MS-DTYP] 2.4.6, self-relative form) mapped onto the engine's
 * NFSv4-style ACLs, and SIDs mapped to Kiln users and groups.
 *
 * <p>Design notes: a uid maps to S-1-22-1-uid and a gid to S-1-22-2-gid (the "Unix users/groups"
 * authority Samba also uses); OWNER@/GROUP@/EVERYONE@ map to CREATOR OWNER/CREATOR GROUP/Everyone
 * for inheritable entries and to the file's owner/group SID otherwise; other SIDs are stored as
 * they are (BUILTIN\Administrators included, since Kiln's superuser is a role). {@link
 * dev.kiln.smb.security.SecurityDescriptors} encodes for QUERY_INFO (only the parts the
 * SECURITY_INFORMATION mask asks for; never a SACL) and decodes SET_INFO input; any malformed
 * descriptor, ACL, ACE or SID is an {@link
 * dev.kiln.smb.security.InvalidSecurityDescriptorException} (STATUS_INVALID_SECURITY_DESCR), as are
 * object and callback ACEs and audit ACEs in a DACL.
 */
package dev.kiln.smb.security;
