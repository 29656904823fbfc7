package dev.kiln.ssh.fs;

import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.FileType;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.engine.api.fs.TimeSet;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.ssh.auth.SshUser;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The operations of {@link DatasetFileSystem}: each resolves its path, checks the user's
 * permissions (the engine never does), and calls the engine's inode-level {@link FileSystem}.
 *
 * <p>Datasets themselves (the root, a dataset's own directory, child datasets, {@code .zfs}) are
 * managed through the API: creating, removing or renaming them here is refused.
 */
public final class DatasetFileSystemProvider extends FileSystemProvider {

  /** A view of the datasets for one user. */
  public DatasetFileSystem newFileSystem(Supplier<StorageEngine> engine, SshUser user) {
    return new DatasetFileSystem(this, engine, user);
  }

  @Override
  public String getScheme() {
    return "kiln";
  }

  @Override
  public java.nio.file.FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("views are made per SSH session");
  }

  @Override
  public java.nio.file.FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("views are made per SSH session");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("views are made per SSH session");
  }

  // ---- files ----

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    DatasetPath p = check(path);
    DatasetFileSystem view = p.getFileSystem();
    SshUser user = view.user();
    boolean append = options.contains(StandardOpenOption.APPEND);
    boolean write = append || options.contains(StandardOpenOption.WRITE);
    boolean read = options.contains(StandardOpenOption.READ) || !write;
    boolean create =
        options.contains(StandardOpenOption.CREATE)
            || options.contains(StandardOpenOption.CREATE_NEW);
    if (write && !user.files().mayWrite()) {
      throw readOnlyUser(p);
    }
    Node.Entry file = null;
    boolean created = false;
    if (!options.contains(StandardOpenOption.CREATE_NEW)) {
      try {
        file = entry(view.resolve(p, !options.contains(LinkOption.NOFOLLOW_LINKS)), p);
      } catch (NoSuchFileException e) {
        if (!create) {
          throw e;
        }
      }
    }
    if (file == null) {
      Parent parent = parent(p, true);
      try {
        Attributes a =
            parent.dir.fs().create(parent.dir.inode(), parent.name, initial(user, attrs, 0644));
        file = new Node.Entry(parent.dir.fs(), parent.dir.dataset(), a, parent.dir.datasetHead());
        created = true;
      } catch (AlreadyExistsException e) {
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
          throw new FileAlreadyExistsException(p.toString());
        }
        file = entry(view.resolve(p, true), p);
      } catch (IOException e) {
        throw EngineErrors.translate(e, p.toString());
      }
    }
    if (file.attrs().isDirectory()) {
      throw new FileSystemException(p.toString(), null, "is a directory");
    }
    if (!file.attrs().isFile()) {
      throw new FileSystemException(p.toString(), null, "not a regular file");
    }
    if (!created) {
      int wanted = (read ? PermissionCheck.READ : 0) | (write ? PermissionCheck.WRITE : 0);
      PermissionCheck.require(file.fs(), file.attrs(), user, wanted, p.toString());
    }
    if (write && options.contains(StandardOpenOption.TRUNCATE_EXISTING) && !created) {
      try {
        file.fs().truncate(file.inode(), 0);
      } catch (IOException e) {
        throw EngineErrors.translate(e, p.toString());
      }
    }
    return new EngineFileChannel(file.fs(), file.inode(), read, write, append, p.toString());
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    DatasetPath p = check(dir);
    DatasetFileSystem view = p.getFileSystem();
    Node n = view.resolve(p, true);
    if (n instanceof Node.Entry e) {
      if (!e.attrs().isDirectory()) {
        throw new java.nio.file.NotDirectoryException(p.toString());
      }
      PermissionCheck.require(e.fs(), e.attrs(), view.user(), PermissionCheck.READ, p.toString());
    }
    return new DatasetDirectoryStream(view, p, n, filter);
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    DatasetPath p = check(dir);
    Parent parent = parent(p, true);
    try {
      parent
          .dir
          .fs()
          .mkdir(parent.dir.inode(), parent.name, initial(p.getFileSystem().user(), attrs, 0755));
    } catch (IOException e) {
      throw EngineErrors.translate(e, p.toString());
    }
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
      throws IOException {
    DatasetPath p = check(link);
    Parent parent = parent(p, true);
    try {
      parent
          .dir
          .fs()
          .symlink(
              parent.dir.inode(),
              parent.name,
              target.toString(),
              initial(p.getFileSystem().user(), attrs, 0777));
    } catch (IOException e) {
      throw EngineErrors.translate(e, p.toString());
    }
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    DatasetPath p = check(link);
    DatasetPath from = check(existing);
    Node.Entry source = entry(p.getFileSystem().resolve(from, false), from);
    Parent parent = parent(p, true);
    if (source.fs() != parent.dir.fs() && source.fs().guid() != parent.dir.fs().guid()) {
      throw new FileSystemException(p.toString(), from.toString(), "cross-device link");
    }
    try {
      parent.dir.fs().link(source.inode(), parent.dir.inode(), parent.name);
    } catch (IOException e) {
      throw EngineErrors.translate(e, p.toString());
    }
  }

  @Override
  public void delete(Path path) throws IOException {
    DatasetPath p = check(path);
    Parent parent = parent(p, true);
    Attributes victim;
    try {
      victim = parent.dir.fs().lookup(parent.dir.inode(), parent.name);
    } catch (IOException e) {
      throw EngineErrors.translate(e, p.toString());
    }
    checkSticky(parent, victim, p);
    try {
      if (victim.isDirectory()) {
        parent.dir.fs().rmdir(parent.dir.inode(), parent.name);
      } else {
        parent.dir.fs().unlink(parent.dir.inode(), parent.name);
      }
    } catch (IOException e) {
      throw EngineErrors.translate(e, p.toString());
    }
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    DatasetPath from = check(source);
    DatasetPath to = check(target);
    Node.Entry src = entry(from.getFileSystem().resolve(from, true), from);
    if (!src.attrs().isFile()) {
      throw new FileSystemException(from.toString(), to.toString(), "only files can be copied");
    }
    Set<OpenOption> open = new HashSet<>(List.of(StandardOpenOption.WRITE));
    open.add(
        Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)
            ? StandardOpenOption.CREATE
            : StandardOpenOption.CREATE_NEW);
    open.add(StandardOpenOption.TRUNCATE_EXISTING);
    try (FileChannel in = newFileChannel(from, Set.of(StandardOpenOption.READ));
        FileChannel out = newFileChannel(to, open)) {
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      long pos = 0;
      while (true) {
        buf.clear();
        int n = in.read(buf, pos);
        if (n <= 0) {
          break;
        }
        buf.flip();
        out.write(buf, pos);
        pos += n;
      }
    }
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    DatasetPath from = check(source);
    DatasetPath to = check(target);
    Parent src = parent(from, true);
    Parent dst = parent(to, true);
    if (src.dir.fs().guid() != dst.dir.fs().guid()) {
      throw new FileSystemException(from.toString(), to.toString(), "cross-device rename");
    }
    Attributes moving;
    try {
      moving = src.dir.fs().lookup(src.dir.inode(), src.name);
    } catch (IOException e) {
      throw EngineErrors.translate(e, from.toString());
    }
    checkSticky(src, moving, from);
    boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
    try {
      Attributes existing = dst.dir.fs().lookup(dst.dir.inode(), dst.name);
      if (!replace) {
        throw new FileAlreadyExistsException(to.toString());
      }
      checkSticky(dst, existing, to);
    } catch (dev.kiln.engine.api.error.NoSuchEntryException e) {
      // the usual case: nothing to replace
    } catch (IOException e) {
      if (e instanceof FileAlreadyExistsException) {
        throw e;
      }
      throw EngineErrors.translate(e, to.toString());
    }
    try {
      src.dir.fs().rename(src.dir.inode(), src.name, dst.dir.inode(), dst.name);
    } catch (IOException e) {
      throw EngineErrors.translate(e, from.toString());
    }
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    DatasetPath p = check(link);
    Node.Entry e = entry(p.getFileSystem().resolve(p, false), p);
    if (e.attrs().type() != FileType.SYMLINK) {
      throw new java.nio.file.NotLinkException(p.toString());
    }
    try {
      return p.getFileSystem().getPath(e.fs().readlink(e.inode()));
    } catch (IOException x) {
      throw EngineErrors.translate(x, p.toString());
    }
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    DatasetPath a = check(path);
    DatasetPath b = check(path2);
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    Node na = a.getFileSystem().resolve(a, true);
    Node nb = b.getFileSystem().resolve(b, true);
    if (na instanceof Node.Entry ea && nb instanceof Node.Entry eb) {
      return ea.fs().guid() == eb.fs().guid() && ea.inode() == eb.inode();
    }
    return na.equals(nb);
  }

  @Override
  public boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    DatasetPath p = check(path);
    Node n = p.getFileSystem().resolve(p, true);
    if (n instanceof Node.Entry e) {
      return new DatasetFileStore(e.dataset(), e.fs().statfs(), e.fs().readOnly());
    }
    return new DatasetFileStore("/", new dev.kiln.engine.api.fs.FsStat(0, 0, 0, 0, 0, 0), true);
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    DatasetPath p = check(path);
    DatasetFileSystem view = p.getFileSystem();
    Node n = view.resolve(p, true);
    int wanted = 0;
    for (AccessMode m : modes) {
      wanted |=
          switch (m) {
            case READ -> PermissionCheck.READ;
            case WRITE -> PermissionCheck.WRITE;
            case EXECUTE -> PermissionCheck.EXECUTE;
          };
    }
    if ((wanted & PermissionCheck.WRITE) != 0) {
      if (!view.user().files().mayWrite()) {
        throw readOnlyUser(p);
      }
      if (!(n instanceof Node.Entry e) || e.fs().readOnly()) {
        throw new AccessDeniedException(p.toString(), null, "read-only");
      }
    }
    if (n instanceof Node.Entry e && wanted != 0) {
      PermissionCheck.require(e.fs(), e.attrs(), view.user(), wanted, p.toString());
    }
  }

  // ---- attributes ----

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    DatasetPath p = check(path);
    boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    if (type == BasicFileAttributeView.class
        || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class) {
      return (V) new View(p, follow);
    }
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
      throw new UnsupportedOperationException("no attributes of type " + type.getName());
    }
    DatasetPath p = check(path);
    boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    return (A)
        new NodeAttributes(p.getFileSystem().attributes(p.getFileSystem().resolve(p, follow)));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    int colon = attributes.indexOf(':');
    String view = colon < 0 ? "basic" : attributes.substring(0, colon);
    String names = colon < 0 ? attributes : attributes.substring(colon + 1);
    if (!List.of("basic", "posix", "owner", "unix").contains(view)) {
      throw new UnsupportedOperationException("no attribute view " + view);
    }
    Map<String, Object> all =
        readAttributes(path, PosixFileAttributes.class, options) instanceof NodeAttributes na
            ? na.asMap(view)
            : Map.of();
    if (names.equals("*")) {
      return all;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : names.split(",")) {
      if (!all.containsKey(n)) {
        throw new IllegalArgumentException("no attribute " + view + ":" + n);
      }
      out.put(n, all.get(n));
    }
    return out;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    int colon = attribute.indexOf(':');
    String name = colon < 0 ? attribute : attribute.substring(colon + 1);
    DatasetPath p = check(path);
    boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    SetAttributes change =
        switch (name) {
          case "lastModifiedTime" -> SetAttributes.none().withMtime(time(value));
          case "lastAccessTime" -> SetAttributes.none().withAtime(time(value));
          case "creationTime" -> SetAttributes.none().withBirthtime(((FileTime) value).toInstant());
          case "permissions" ->
              SetAttributes.none().withMode(NodeAttributes.mode((Set<PosixFilePermission>) value));
          case "uid" -> ownerChange(p, follow, ((Number) value).longValue(), null);
          case "gid" -> ownerChange(p, follow, null, ((Number) value).longValue());
          case "owner" -> ownerChange(p, follow, NumericPrincipals.id((UserPrincipal) value), null);
          case "group" ->
              ownerChange(p, follow, null, NumericPrincipals.id((GroupPrincipal) value));
          case "size" -> SetAttributes.none().withSize(((Number) value).longValue());
          default -> throw new UnsupportedOperationException("cannot set " + attribute);
        };
    setattr(p, follow, change);
  }

  private static TimeSet time(Object value) {
    return TimeSet.at(((FileTime) value).toInstant());
  }

  private SetAttributes ownerChange(DatasetPath p, boolean follow, Long uid, Long gid)
      throws IOException {
    Node.Entry e = entry(p.getFileSystem().resolve(p, follow), p);
    long newUid = uid == null ? e.attrs().uid() : uid;
    long newGid = gid == null ? e.attrs().gid() : gid;
    return SetAttributes.none().withOwner(newUid, newGid);
  }

  /** Applies an attribute change after the POSIX ownership rules. */
  void setattr(DatasetPath p, boolean follow, SetAttributes change) throws IOException {
    DatasetFileSystem view = p.getFileSystem();
    SshUser user = view.user();
    if (!user.files().mayWrite()) {
      throw readOnlyUser(p);
    }
    Node.Entry e = entry(view.resolve(p, follow), p);
    Attributes a = e.attrs();
    boolean superuser = user.files() == SshUser.FileAccess.SUPERUSER;
    if (change.uid() != null && change.uid() != a.uid() && !superuser) {
      throw new AccessDeniedException(p.toString(), null, "only root may give files away");
    }
    if (change.gid() != null
        && change.gid() != a.gid()
        && !superuser
        && !(a.uid() == user.uid() && user.gids().contains(change.gid()))) {
      throw new AccessDeniedException(p.toString(), null, "not a member of that group");
    }
    if ((change.mode() != null
            || change.atime() != null
            || change.mtime() != null
            || change.birthtime() != null)
        && !PermissionCheck.ownerOrSuperuser(a, user)) {
      throw new AccessDeniedException(p.toString(), null, "only the owner may do that");
    }
    if (change.size() != null) {
      PermissionCheck.require(e.fs(), a, user, PermissionCheck.WRITE, p.toString());
    }
    try {
      e.fs().setattr(e.inode(), change);
    } catch (IOException x) {
      throw EngineErrors.translate(x, p.toString());
    }
  }

  // ---- helpers ----

  /** A directory entry to be made or removed: the directory and the name in it. */
  private record Parent(Node.Entry dir, String name) {}

  /**
   * The parent directory of {@code p}, checked for write and search permission; refuses names that
   * are datasets or the view's own directories.
   */
  private Parent parent(DatasetPath p, boolean forChange) throws IOException {
    DatasetFileSystem view = p.getFileSystem();
    List<String> names = p.components();
    if (forChange && !view.user().files().mayWrite()) {
      throw readOnlyUser(p);
    }
    if (names.size() < 2) {
      throw new AccessDeniedException(
          p.toString(), null, "datasets are created and destroyed through the API");
    }
    String name = names.getLast();
    DatasetPath dirPath = p.toAbsolutePath().normalize().getParent();
    Node n = view.resolve(dirPath, true);
    if (!(n instanceof Node.Entry dir)) {
      throw new AccessDeniedException(p.toString(), null, "read-only directory");
    }
    if (!dir.attrs().isDirectory()) {
      throw new java.nio.file.NotDirectoryException(dirPath.toString());
    }
    if (dir.isRoot() && dir.datasetHead()) {
      if (name.equals(DatasetFileSystem.CONTROL_DIR)) {
        throw new AccessDeniedException(p.toString(), null, "snapshots are read-only");
      }
      if (view.isChildDataset(dir.dataset(), name)) {
        throw new AccessDeniedException(
            p.toString(), null, "datasets are created and destroyed through the API");
      }
    }
    if (forChange) {
      PermissionCheck.require(
          dir.fs(),
          dir.attrs(),
          view.user(),
          PermissionCheck.WRITE | PermissionCheck.EXECUTE,
          p.toString());
    }
    return new Parent(dir, name);
  }

  /** POSIX sticky directories: only the owner of the entry or of the directory may remove it. */
  private static void checkSticky(Parent parent, Attributes victim, DatasetPath p)
      throws AccessDeniedException {
    SshUser user = p.getFileSystem().user();
    if ((parent.dir.attrs().mode() & 01000) != 0
        && user.files() != SshUser.FileAccess.SUPERUSER
        && victim.uid() != user.uid()
        && parent.dir.attrs().uid() != user.uid()) {
      throw new AccessDeniedException(p.toString(), null, "sticky directory");
    }
  }

  private static Node.Entry entry(Node n, DatasetPath p) throws IOException {
    if (n instanceof Node.Entry e) {
      return e;
    }
    throw new AccessDeniedException(p.toString(), null, "not a file of a dataset");
  }

  private static AccessDeniedException readOnlyUser(DatasetPath p) {
    return new AccessDeniedException(p.toString(), null, "this user has read-only access");
  }

  private static SetAttributes initial(SshUser user, FileAttribute<?>[] attrs, int defaultMode) {
    int mode = defaultMode;
    for (FileAttribute<?> a : attrs) {
      if (a.name().equals("posix:permissions") && a.value() instanceof Set<?> perms) {
        @SuppressWarnings("unchecked")
        Set<PosixFilePermission> set = (Set<PosixFilePermission>) perms;
        mode = NodeAttributes.mode(set);
      }
    }
    return SetAttributes.none().withMode(mode).withOwner(user.uid(), user.primaryGid());
  }

  private static DatasetPath check(Path path) {
    if (!(path instanceof DatasetPath p)) {
      throw new ProviderMismatchException("not a dataset path: " + path);
    }
    return p;
  }

  /** The attribute view handed to MINA for permissions, owners and times. */
  private final class View implements PosixFileAttributeView {
    private final DatasetPath path;
    private final boolean follow;

    View(DatasetPath path, boolean follow) {
      this.path = path;
      this.follow = follow;
    }

    @Override
    public String name() {
      return "posix";
    }

    @Override
    public PosixFileAttributes readAttributes() throws IOException {
      return new NodeAttributes(
          path.getFileSystem().attributes(path.getFileSystem().resolve(path, follow)));
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
        throws IOException {
      SetAttributes c = SetAttributes.none();
      if (lastModifiedTime != null) {
        c = c.withMtime(TimeSet.at(lastModifiedTime.toInstant()));
      }
      if (lastAccessTime != null) {
        c = c.withAtime(TimeSet.at(lastAccessTime.toInstant()));
      }
      if (createTime != null) {
        c = c.withBirthtime(createTime.toInstant());
      }
      setattr(path, follow, c);
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
      setattr(path, follow, SetAttributes.none().withMode(NodeAttributes.mode(perms)));
    }

    @Override
    public void setGroup(GroupPrincipal group) throws IOException {
      setattr(path, follow, ownerChange(path, follow, null, NumericPrincipals.id(group)));
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
      return readAttributes().owner();
    }

    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
      setattr(path, follow, ownerChange(path, follow, NumericPrincipals.id(owner), null));
    }
  }
}
