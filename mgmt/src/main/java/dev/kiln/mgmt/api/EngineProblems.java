package dev.kiln.mgmt.api;

import dev.kiln.engine.api.error.AccessDeniedException;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.EngineException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.NameTooLongException;
import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotPermittedException;
import dev.kiln.engine.api.error.NotSupportedException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import java.util.List;

/** Storage engine statuses as HTTP problems. */
final class EngineProblems {

  private EngineProblems() {}

  static ProblemException of(EngineException e) {
    String m = e.getMessage();
    return switch (e) {
      case NoSuchEntryException x -> ProblemException.notFound(m);
      case AlreadyExistsException x -> ProblemException.conflict(m);
      case BusyException x -> ProblemException.conflict(m);
      case DirectoryNotEmptyException x -> ProblemException.conflict(m);
      case InvalidArgumentException x ->
          new ProblemException(422, "Invalid Argument", m, List.of());
      case NameTooLongException x -> new ProblemException(422, "Invalid Argument", m, List.of());
      case NotSupportedException x -> new ProblemException(501, "Not Implemented", m, List.of());
      case ReadOnlyFileSystemException x -> ProblemException.conflict(m);
      case QuotaExceededException x ->
          new ProblemException(507, "Insufficient Storage", m, List.of());
      case NoSpaceException x -> new ProblemException(507, "Insufficient Storage", m, List.of());
      case AccessDeniedException x -> ProblemException.forbidden(m);
      case NotPermittedException x -> ProblemException.forbidden(m);
      case CorruptDataException x -> new ProblemException(500, "Corrupt Data", m, List.of());
      default -> ProblemException.badRequest(m);
    };
  }
}
