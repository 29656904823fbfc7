/**
 * NFSv4-style access control lists: the one ACL model both NFSv4 and SMB map to.
 *
 * <p>The mask bit values are the NFSv4 ones, which equal the Windows access mask bits, and the
 * entry types and flags match both protocols, so neither front end needs a lossy translation.
 * Principals are owner@, group@, everyone@, numeric uid/gid, or a SID string for Windows identities
 * without a POSIX mapping.
 *
 * <p>The engine stores ACLs verbatim and does not evaluate them: access decisions belong to the
 * front ends (which know the caller's credentials). They share one evaluator, {@link
 * dev.kiln.engine.api.acl.AccessCheck} ([MS-DTYP] 2.5.3.2, the same as NFSv4's for allow and deny
 * entries), fed by one small interface for the caller, {@link dev.kiln.engine.api.acl.AclSubject},
 * and one rule for what a new file inherits, {@link dev.kiln.engine.api.acl.AclInheritance}. A file
 * with no stored ACL reports {@link dev.kiln.engine.api.acl.Acl#fromMode(int)} of its mode; chmod
 * does not rewrite a stored ACL (that policy, ZFS's aclmode, may be added as a property later).
 */
package dev.kiln.engine.api.acl;
