/**
 * The composition root: {@code main}, the wiring of services, the lifecycle and the appliance
 * identity. Nothing here implements a protocol or stores data; it only puts the parts together.
 */
package dev.kiln.daemon;
