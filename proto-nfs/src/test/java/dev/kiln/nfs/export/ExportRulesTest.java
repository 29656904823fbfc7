package dev.kiln.nfs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.nfs.fixture.Nfs3Calls;
import dev.kiln.nfs.fixture.NfsFixture;
import dev.kiln.nfs.fixture.NfsTestClient;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sharenfs rules: who may mount, read-only clients, root and all squash. */
class ExportRulesTest {

  @TempDir Path dir;

  @Test
  void parsesTheOptionSyntaxAndRefusesWhatItDoesNotKnow() throws Exception {
    ExportOptions o =
        ExportOptions.parse(
            "rw=@10.0.0.0/8:host1,ro=@192.168.1.0/24,all_squash,anonuid=7,anongid=8,sec=sys");
    assertThat(o.squash()).isEqualTo(ExportOptions.Squash.ALL);
    assertThat(o.anonUid()).isEqualTo(7);
    assertThat(o.accessFor(InetAddress.getByName("10.1.2.3"))).isEqualTo(ExportAccess.READ_WRITE);
    assertThat(o.accessFor(InetAddress.getByName("192.168.1.9"))).isEqualTo(ExportAccess.READ_ONLY);
    assertThat(o.accessFor(InetAddress.getByName("172.16.0.1"))).isEqualTo(ExportAccess.DENIED);
    assertThat(ExportOptions.parse("on").accessFor(InetAddress.getByName("172.16.0.1")))
        .isEqualTo(ExportAccess.READ_WRITE);
    assertThat(ExportOptions.parse("ro").accessFor(InetAddress.getLoopbackAddress()))
        .isEqualTo(ExportAccess.READ_ONLY);
    assertThatThrownBy(() -> ExportOptions.parse("sec=krb5")).hasMessageContaining("sec=sys");
    assertThatThrownBy(() -> ExportOptions.parse("rw,bogus")).hasMessageContaining("bogus");
    assertThatThrownBy(() -> ExportOptions.parse("anonuid=-1")).hasMessageContaining("range");
    assertThatThrownBy(() -> ExportOptions.parse("rw=@10.0.0.0/129"))
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> ExportOptions.parse("off")).hasMessageContaining("off");
  }

  @Test
  void aClientOutsideTheRulesIsRefusedAtMountAndOnEveryCall() throws Exception {
    try (NfsFixture nfs = NfsFixture.start(dir, 128L << 20);
        NfsTestClient client = nfs.client(0, 0)) {
      nfs.share("tank/open", "rw,no_root_squash");
      nfs.share("tank/closed", "rw=@10.0.0.0/8");
      Nfs3Calls calls = new Nfs3Calls(client);
      assertThat(calls.exports()).containsExactlyInAnyOrder("/tank/open", "/tank/closed");
      assertThat(calls.mount("/tank/closed").status()).isEqualTo(13);
      assertThat(calls.mount("/tank/missing").status()).isEqualTo(2);
      byte[] open = calls.mount("/tank/open").handle();
      assertThat(calls.getattr(open).status()).isZero();
      nfs.engine()
          .dataset("tank/open")
          .set(dev.kiln.engine.api.manage.DatasetProperties.SHARENFS, "rw=@10.0.0.0/8");
      assertThat(calls.getattr(open).status())
          .as("rules apply to handles already held")
          .isEqualTo(13);
      nfs.engine()
          .dataset("tank/open")
          .set(dev.kiln.engine.api.manage.DatasetProperties.SHARENFS, "off");
      assertThat(calls.getattr(open).status()).as("unshared").isEqualTo(70);
    }
  }

  @Test
  void readOnlyClientsGetRofs() throws Exception {
    try (NfsFixture nfs = NfsFixture.start(dir, 128L << 20);
        NfsTestClient client = nfs.client(0, 0)) {
      nfs.share("tank/ro", "ro=127.0.0.1,no_root_squash");
      Nfs3Calls calls = new Nfs3Calls(client);
      byte[] h = calls.mount("/tank/ro").handle();
      assertThat(calls.create(h, "f", 1, 0).status()).isEqualTo(30);
      assertThat(calls.mkdir(h, "d", 0755).status()).isEqualTo(30);
      assertThat(calls.access(h, 0x1f)[1] & 0x1c).isZero();
      assertThat(calls.readdir(h, 0, 0, 4096, false).status()).isZero();
    }
  }

  @Test
  void rootIsSquashedByDefaultAndAllSquashMapsEveryone() throws Exception {
    try (NfsFixture nfs = NfsFixture.start(dir, 128L << 20);
        NfsTestClient client = nfs.client(0, 0)) {
      nfs.share("tank/open", "rw,no_root_squash");
      nfs.share("tank/squashed", "on");
      nfs.share("tank/all", "rw,all_squash,anonuid=1234,anongid=4321");
      Nfs3Calls calls = new Nfs3Calls(client);
      for (String path : new String[] {"/tank/squashed", "/tank/all"}) {
        byte[] h = calls.mount(path).handle();
        assertThat(calls.setattr(h, 0777, -1, -1, null).status())
            .as("squashed root is not the owner of %s", path)
            .isEqualTo(1);
      }
      byte[] open = calls.mount("/tank/open").handle();
      assertThat(calls.setattr(open, 0777, -1, -1, null).status()).isZero();
      nfs.engine()
          .dataset("tank/squashed")
          .fileSystem()
          .setattr(
              nfs.engine().dataset("tank/squashed").fileSystem().rootInode(),
              dev.kiln.engine.api.fs.SetAttributes.none().withMode(0777));
      nfs.engine()
          .dataset("tank/all")
          .fileSystem()
          .setattr(
              nfs.engine().dataset("tank/all").fileSystem().rootInode(),
              dev.kiln.engine.api.fs.SetAttributes.none().withMode(0777));
      var squashed = calls.create(calls.mount("/tank/squashed").handle(), "f", 1, 0);
      assertThat(squashed.attr().uid()).isEqualTo(ExportOptions.NOBODY);
      client.as(1000, 1000, 1000);
      var all = calls.create(calls.mount("/tank/all").handle(), "g", 1, 0);
      assertThat(all.attr().uid()).isEqualTo(1234);
      assertThat(all.attr().gid()).isEqualTo(4321);
      var mine = calls.create(open, "h", 1, 0);
      assertThat(mine.attr().uid()).isEqualTo(1000);
    }
  }
}
