/**
 * [MS-FSCC] encodings: file attributes, the file and file system information classes, directory
 * entries.
 *
 * <p>Design notes: encoders write into a {@link dev.kiln.smb.protocol.SmbWriter} straight from
 * engine {@link dev.kiln.engine.api.fs.Attributes}; no intermediate objects.
 */
package dev.kiln.smb.fscc;
