/**
 * Who a call acts as (AUTH_SYS after squashing) and the POSIX mode-bit checks the engine leaves to
 * front ends.
 */
package dev.kiln.nfs.access;
