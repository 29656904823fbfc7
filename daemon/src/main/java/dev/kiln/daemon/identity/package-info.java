/**
 * The appliance identity made at first start: TLS key and self-signed certificate, and the initial
 * administrator credential (random, shown once, stored as a PBKDF2 hash). Everything lives in
 * {@code <data-dir>/identity} with owner-only permissions.
 */
package dev.kiln.daemon.identity;
