/**
 * Authentication and authorization shared by every management path (REST API, SSH, CLI): slow
 * salted password hashes, a password policy, lockout after repeated failures, signed expiring
 * session tokens, long-lived API tokens stored as hashes, and roles per namespace.
 */
package dev.kiln.mgmt.auth;
