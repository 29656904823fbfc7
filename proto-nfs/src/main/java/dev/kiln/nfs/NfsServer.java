package dev.kiln.nfs;

import dev.kiln.nfs.export.ExportSource;
import dev.kiln.nfs.export.NfsNamespace;
import dev.kiln.nfs.mount.Mount3Program;
import dev.kiln.nfs.nfs3.Nfs3Program;
import dev.kiln.nfs.rpc.Portmapper;
import dev.kiln.nfs.rpc.RpcEndpoint;
import dev.kiln.nfs.rpc.RpcPrograms;
import dev.kiln.nfs.rpc.RpcRegistration;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.portmap.GenericPortmapClient;
import org.dcache.oncrpc4j.portmap.OncPortmapClient;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiln's NFS service: portmap/rpcbind, MOUNT and NFSv3, NLM and NSM, each program on its port over
 * TCP and UDP. Built with {@link #builder()}; {@link #close()} unbinds everything.
 *
 * <p>If the portmap port is taken (a system rpcbind), Kiln registers its programs there instead of
 * serving portmap itself, and removes them again on close.
 */
public final class NfsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NfsServer.class);

  private final List<RpcEndpoint> endpoints;
  private final Portmapper portmapper;
  private final OncPortmapClient systemPortmap;
  private final OncRpcClient systemPortmapClient;
  private final List<RpcRegistration> registrations;
  private final ExecutorService workers;
  private final Map<String, Integer> ports;
  private final dev.kiln.nfs.nlm.NlmService nlm;

  private NfsServer(
      List<RpcEndpoint> endpoints,
      Portmapper portmapper,
      OncRpcClient systemPortmapClient,
      OncPortmapClient systemPortmap,
      List<RpcRegistration> registrations,
      ExecutorService workers,
      Map<String, Integer> ports,
      dev.kiln.nfs.nlm.NlmService nlm) {
    this.endpoints = endpoints;
    this.portmapper = portmapper;
    this.systemPortmapClient = systemPortmapClient;
    this.systemPortmap = systemPortmap;
    this.registrations = registrations;
    this.workers = workers;
    this.ports = ports;
    this.nlm = nlm;
  }

  /** A builder with the seed's ports on all addresses. */
  public static Builder builder() {
    return new Builder();
  }

  /** Bound ports by role: portmap (0 when a system rpcbind is used), nfs, nlm. */
  public Map<String, Integer> ports() {
    return ports;
  }

  /** True when Kiln serves portmap itself rather than registering with a system rpcbind. */
  public boolean servesPortmap() {
    return portmapper != null;
  }

  /** The lock manager (for tests and status). */
  public dev.kiln.nfs.nlm.NlmService nlm() {
    return nlm;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    if (systemPortmap != null) {
      for (RpcRegistration r : registrations) {
        try {
          systemPortmap.unsetPort(r.program(), r.version(), "kiln");
        } catch (Exception e) {
          LOG.debug("cannot unregister {} from the system rpcbind", r, e);
        }
      }
      systemPortmapClient.close();
    }
    for (RpcEndpoint e : endpoints.reversed()) {
      try {
        e.close();
      } catch (IOException ex) {
        failure = ex;
      }
    }
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static OncPortmapClient registerWithSystem(
      OncRpcClient client, List<RpcRegistration> regs) throws IOException {
    try {
      RpcTransport transport = client.connect(5, TimeUnit.SECONDS);
      OncPortmapClient system = new GenericPortmapClient(transport);
      for (RpcRegistration r : regs) {
        system.unsetPort(r.program(), r.version(), "kiln");
      }
      for (RpcRegistration r : regs) {
        if (!system.setPort(r.program(), r.version(), r.netid(), r.address(), "kiln")) {
          if (r.program() == RpcPrograms.NSM) {
            // The host's own statd holds NSM; it then monitors clients for this host, as NSM
            // expects one status monitor per host.
            LOG.warn(
                "the system rpcbind already maps NSM (a host statd): Kiln's NSM is not registered");
            continue;
          }
          throw new IOException(
              "the system rpcbind refused " + r + ": another server already holds that program");
        }
      }
      return system;
    } catch (java.util.concurrent.TimeoutException e) {
      client.close();
      throw new IOException("the system rpcbind did not answer", e);
    }
  }

  /** Builds and starts an {@link NfsServer}. */
  public static final class Builder {
    private String bindAddress = "0.0.0.0";
    private int portmapPort = 111;
    private int nfsPort = 2049;
    private int nlmPort = 4045;
    private ExportSource exports;
    private Clock clock = Clock.systemUTC();
    private java.nio.file.Path stateDir;
    private java.time.Duration gracePeriod = java.time.Duration.ofSeconds(90);

    private Builder() {}

    /** The address to listen on. */
    public Builder withBindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    /** The portmap/rpcbind port (111; 0 for ephemeral). */
    public Builder withPortmapPort(int port) {
      this.portmapPort = port;
      return this;
    }

    /** The NFS and MOUNT port (2049; 0 for ephemeral). */
    public Builder withNfsPort(int port) {
      this.nfsPort = port;
      return this;
    }

    /** The NLM and NSM port (4045; 0 for ephemeral). */
    public Builder withNlmPort(int port) {
      this.nlmPort = port;
      return this;
    }

    /** What is shared. */
    public Builder withExports(ExportSource source) {
      this.exports = source;
      return this;
    }

    /** The clock for rpcbind GETTIME and the lock manager's grace period. */
    public Builder withClock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Where NSM keeps its state number and monitored clients across restarts. */
    public Builder withStateDirectory(java.nio.file.Path dir) {
      this.stateDir = dir;
      return this;
    }

    /** How long after a start only lock reclaims are granted (NLM grace period). */
    public Builder withGracePeriod(java.time.Duration grace) {
      this.gracePeriod = grace;
      return this;
    }

    /** Validates, binds every port and registers the programs. */
    public NfsServer start() throws IOException {
      Objects.requireNonNull(exports, "exports");
      Objects.requireNonNull(stateDir, "state directory");
      for (int p : new int[] {portmapPort, nfsPort, nlmPort}) {
        if (p < 0 || p > 65_535) {
          throw new IllegalArgumentException("bad port " + p);
        }
      }
      ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
      List<RpcEndpoint> endpoints = new ArrayList<>();
      try {
        NfsNamespace namespace = new NfsNamespace(exports);
        Map<OncRpcProgram, RpcDispatchable> nfsPrograms = new LinkedHashMap<>();
        nfsPrograms.put(new OncRpcProgram(RpcPrograms.NFS, 3), new Nfs3Program(namespace, workers));
        Mount3Program mount = new Mount3Program(namespace);
        nfsPrograms.put(new OncRpcProgram(RpcPrograms.MOUNT, 3), mount);
        nfsPrograms.put(new OncRpcProgram(RpcPrograms.MOUNT, 1), mount);
        RpcEndpoint nfs = RpcEndpoint.start("kiln-nfs", bindAddress, nfsPort, nfsPrograms, workers);
        endpoints.add(nfs);

        dev.kiln.nfs.nlm.NlmService nlm =
            dev.kiln.nfs.nlm.NlmService.start(namespace, stateDir, clock, gracePeriod);
        Map<OncRpcProgram, RpcDispatchable> nlmPrograms = new LinkedHashMap<>();
        nlmPrograms.put(new OncRpcProgram(RpcPrograms.NLM, 4), nlm.nlmProgram());
        nlmPrograms.put(new OncRpcProgram(RpcPrograms.NSM, 1), nlm.nsmProgram());
        RpcEndpoint lock =
            RpcEndpoint.start("kiln-nlm", bindAddress, nlmPort, nlmPrograms, workers);
        endpoints.add(lock);

        List<RpcRegistration> regs = new ArrayList<>();
        String host = bindAddress.equals("0.0.0.0") ? "0.0.0.0" : bindAddress;
        for (String netid : List.of("tcp", "udp")) {
          String nfsAddr = host + "." + (nfs.port() >> 8) + "." + (nfs.port() & 0xff);
          String nlmAddr = host + "." + (lock.port() >> 8) + "." + (lock.port() & 0xff);
          regs.add(new RpcRegistration(RpcPrograms.NFS, 3, netid, nfsAddr, "kiln"));
          regs.add(new RpcRegistration(RpcPrograms.MOUNT, 1, netid, nfsAddr, "kiln"));
          regs.add(new RpcRegistration(RpcPrograms.MOUNT, 3, netid, nfsAddr, "kiln"));
          regs.add(new RpcRegistration(RpcPrograms.NLM, 4, netid, nlmAddr, "kiln"));
          regs.add(new RpcRegistration(RpcPrograms.NSM, 1, netid, nlmAddr, "kiln"));
        }

        Portmapper portmapper = new Portmapper(clock);
        Map<String, Integer> ports = new LinkedHashMap<>();
        OncRpcClient client = null;
        OncPortmapClient system = null;
        try {
          RpcEndpoint pm =
              RpcEndpoint.start(
                  "kiln-portmap",
                  bindAddress,
                  portmapPort,
                  Map.of(
                      new OncRpcProgram(RpcPrograms.PORTMAP, 2), portmapper,
                      new OncRpcProgram(RpcPrograms.PORTMAP, 3), portmapper,
                      new OncRpcProgram(RpcPrograms.PORTMAP, 4), portmapper),
                  workers);
          endpoints.add(pm);
          for (String netid : List.of("tcp", "udp")) {
            String addr = host + "." + (pm.port() >> 8) + "." + (pm.port() & 0xff);
            for (int v = 2; v <= 4; v++) {
              portmapper.register(
                  new RpcRegistration(RpcPrograms.PORTMAP, v, netid, addr, "superuser"));
            }
          }
          regs.forEach(portmapper::register);
          ports.put("portmap", pm.port());
        } catch (BindException e) {
          LOG.info(
              "port {} is taken (a system rpcbind?): registering Kiln's programs with it",
              portmapPort);
          portmapper = null;
          client =
              new OncRpcClient(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), portmapPort),
                  IpProtocolType.TCP);
          system = registerWithSystem(client, regs);
          ports.put("portmap", 0);
        }
        ports.put("nfs", nfs.port());
        ports.put("nlm", lock.port());
        nlm.announceRestart(workers);
        LOG.info("NFS service up: {}", ports);
        return new NfsServer(
            endpoints, portmapper, client, system, regs, workers, Map.copyOf(ports), nlm);
      } catch (IOException | RuntimeException e) {
        for (RpcEndpoint ep : endpoints.reversed()) {
          try {
            ep.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        workers.shutdown();
        throw e;
      }
    }
  }
}
