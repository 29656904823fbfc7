/** Jobs: long work with id, progress, log lines, cancel and per-target locks. */
package dev.kiln.mgmt.jobs;
