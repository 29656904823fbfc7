/**
 * The management plane's network listeners (the seed's bsrapid row). Today: a health document over
 * HTTPS and the HTTP-to-HTTPS redirect; the REST API arrives with issue 4.
 */
package dev.kiln.daemon.mgmt;
