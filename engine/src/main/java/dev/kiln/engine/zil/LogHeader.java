package dev.kiln.engine.zil;

import dev.kiln.engine.block.BlockPointer;
import java.util.Objects;

/**
 * The start of a dataset's log chain, stored in the dataset record at each txg sync.
 *
 * @param chainId random identity of the chain; blocks of other chains are not part of it
 * @param first the reserved first block of the chain
 */
public record LogHeader(long chainId, BlockPointer first) {

  /** Checks the fields. */
  public LogHeader {
    Objects.requireNonNull(first, "first");
  }
}
