/**
 * The appliance configuration file: a typed catalogue of options ({@link
 * dev.kiln.common.config.KilnOptions}) with defaults and validation, read from {@code kiln.conf}.
 */
package dev.kiln.common.config;
