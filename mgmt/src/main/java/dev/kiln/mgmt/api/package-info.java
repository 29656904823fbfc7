/**
 * The REST framework: {@link dev.kiln.mgmt.api.Route}s are the one description of the API; the
 * {@link dev.kiln.mgmt.api.ApiRouter} serves them (authentication, roles, body limits, schema
 * validation, problem+json errors, audit) and {@link dev.kiln.mgmt.api.OpenApiDocument} documents
 * them. Services contribute routes and never handle HTTP themselves.
 */
package dev.kiln.mgmt.api;
