package dev.kiln.nfs.export;

/**
 * A file system dataset shared over NFS.
 *
 * @param path the path clients mount: {@code /} followed by the dataset name
 * @param dataset the dataset name, such as {@code tank/home}
 * @param guid the dataset guid
 * @param options the parsed sharenfs rules
 */
public record Export(String path, String dataset, long guid, ExportOptions options) {}
