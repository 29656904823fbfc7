/** Local users and groups, stored in the configuration store. */
package dev.kiln.mgmt.users;
