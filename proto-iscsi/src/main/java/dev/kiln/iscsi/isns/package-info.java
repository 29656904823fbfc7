/**
 * The iSNS client (RFC 4171) that announces the target portal and its targets to an iSNS server, so
 * initiators that discover through iSNS find Kiln. Registration is refreshed on an interval (the
 * catalog may change at any time) and withdrawn at stop.
 */
package dev.kiln.iscsi.isns;
