/**
 * The network surface: the seed's port table as data ({@link dev.kiln.common.net.PortRegistry}) and
 * the ports this node really uses ({@link dev.kiln.common.net.PortPlan}).
 *
 * <p>Every listener in Kiln asks the plan for its port, so `kiln ports`, the firewall rules and the
 * README always agree with what the daemon binds. Rows are never deleted: a service that is not
 * built yet is marked {@link dev.kiln.common.net.Readiness#PLANNED}.
 */
package dev.kiln.common.net;
