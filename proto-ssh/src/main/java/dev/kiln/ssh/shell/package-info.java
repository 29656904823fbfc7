/**
 * The admin shell and {@code ssh host kiln <args>}: each command line runs the kiln CLI in-process
 * as the logged-in user through {@link dev.kiln.ssh.shell.CliRunner}, which the daemon implements
 * by giving the CLI a short-lived token of that user, so the API applies that user's role and
 * audits the user's name.
 */
package dev.kiln.ssh.shell;
