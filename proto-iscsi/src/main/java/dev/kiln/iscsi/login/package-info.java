/**
 * Login and text negotiation (RFC 7143 §6 and §13): the key=value codec and the negotiator for
 * operational keys. The connection drives the login stages (security, operational, full feature)
 * and the security keys; this package only decides values, so it is testable without a socket.
 *
 * <p>Kiln runs at ErrorRecoveryLevel 0: DataPDUInOrder and DataSequenceInOrder are always Yes, and
 * the markers RFC 7143 removed are answered No for the initiators that still offer them.
 */
package dev.kiln.iscsi.login;
