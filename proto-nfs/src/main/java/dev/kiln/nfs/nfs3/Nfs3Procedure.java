package dev.kiln.nfs.nfs3;

import dev.kiln.nfs.rpc.XdrReply;
import java.io.IOException;

/** One NFSv3 procedure (RFC 1813 §3.3): decodes its arguments, acts, returns the NFS3_OK body. */
interface Nfs3Procedure {

  /** What a failed reply of this procedure carries after the status (its resfail arm). */
  enum FailShape {
    /** Nothing (GETATTR). */
    NONE,
    /** post_op_attr of the object. */
    POST_OP,
    /** wcc_data of the object or directory. */
    WCC,
    /** wcc_data of both directories (RENAME). */
    WCC2,
    /** post_op_attr of the file, then wcc_data of the directory (LINK). */
    LINK
  }

  /** Runs the procedure; an IOException becomes the matching status. */
  XdrReply run(Nfs3Request r) throws IOException;

  /** The failure body shape. */
  FailShape failShape();
}
