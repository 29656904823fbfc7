/** Change events for subscribers (the API's server-sent event stream). */
package dev.kiln.mgmt.events;
