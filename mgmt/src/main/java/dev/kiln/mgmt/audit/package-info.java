/**
 * The audit trail: every change and every login attempt, who, what, when, from where and with what
 * result, in a hash-chained append-only file that shows tampering.
 */
package dev.kiln.mgmt.audit;
