package dev.kiln.smb.share;

/**
 * A shared dataset.
 *
 * @param dataset the dataset name
 * @param guid the dataset guid
 * @param options the parsed sharesmb value
 */
public record SmbShare(String dataset, long guid, ShareOptions options) {

  /** The share name clients connect to. */
  public String name() {
    return options.name();
  }
}
