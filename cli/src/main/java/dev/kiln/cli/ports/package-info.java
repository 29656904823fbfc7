/** `kiln ports`: the registry joined with this node's plan and the daemon's bound ports. */
package dev.kiln.cli.ports;
