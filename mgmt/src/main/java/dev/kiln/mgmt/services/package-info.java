/** The desired state (enabled or disabled) of the port table's services. */
package dev.kiln.mgmt.services;
