/**
 * Firewall rules generated from the port registry for nftables, firewalld and iptables: one model
 * ({@link dev.kiln.cli.firewall.FirewallModel}), one renderer per tool, golden-file tested.
 */
package dev.kiln.cli.firewall;
