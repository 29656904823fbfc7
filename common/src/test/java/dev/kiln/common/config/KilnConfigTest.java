package dev.kiln.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.ServiceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilnConfigTest {

  @TempDir Path dir;

  @Test
  void templateListsEveryOptionWithItsDefault() {
    String template = KilnConfig.template();
    for (ConfigOption<?> o : KilnOptions.all().values()) {
      assertThat(template).contains("#" + o.key() + " = " + o.defaultText());
    }
    assertThat(template)
        .contains("#ports.nfs-lockmgr = 4045")
        .contains("#ports.bsrapid = 80,443,8443");
  }

  @Test
  void uncommentedTemplateLoadsAndEqualsTheDefaults() throws IOException {
    String uncommented = KilnConfig.template().replaceAll("(?m)^#([a-z][^ ]* = )", "$1");
    Path file = dir.resolve("kiln.conf");
    Files.writeString(file, uncommented);
    KilnConfig config = KilnConfig.load(file);
    for (ConfigOption<?> o : KilnOptions.all().values()) {
      assertThat(config.isSet(o)).as(o.key()).isTrue();
      assertThat((Object) config.get(o)).isEqualTo(KilnConfig.defaults().get(o));
    }
  }

  @Test
  void unknownKeysAndBadValuesAreRefusedByName() {
    Map<String, String> values = new HashMap<>();
    values.put("log.levle", "INFO");
    values.put("witness-instance", "0");
    values.put("ports.smb", "445");
    assertThatThrownBy(() -> KilnConfig.of(values, "kiln.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'log.levle'")
        .hasMessageContaining("witness-instance: invalid value '0'")
        .hasMessageContaining("ports.smb: invalid value '445': expected 2");
  }

  @Test
  void sizesAndOffsetsParse() {
    assertThat(KilnOptions.parseSize("10MB")).isEqualTo(10L << 20);
    assertThat(KilnOptions.parseSize("3gb")).isEqualTo(3L << 30);
    assertThat(KilnOptions.parseOffset("auto")).isEmpty();
    assertThat(KilnOptions.parseOffset("0")).isEqualTo(OptionalInt.of(0));
    assertThatThrownBy(() -> KilnOptions.parseSize("-1MB"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KilnOptions.parseSize("lots"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void planTakesOverridesFromTheFileAndOffsetByPrecedence() {
    KilnConfig config = KilnConfig.of(Map.of("ports.nfs", "12049", "port-offset", "20000"), "test");
    PortPlan fromFile = PortPlans.fromConfig(config, null, null, null);
    assertThat(fromFile.port(ServiceId.NFS, 2049)).isEqualTo(12049);
    assertThat(fromFile.port(ServiceId.SSH, 22)).isEqualTo(20_022);

    PortPlan fromEnv = PortPlans.fromConfig(config, null, null, "30000");
    assertThat(fromEnv.port(ServiceId.SSH, 22)).isEqualTo(30_022);

    PortPlan fromCli = PortPlans.fromConfig(config, 0, 3, "30000");
    assertThat(fromCli.port(ServiceId.SSH, 22)).isEqualTo(22);
    assertThat(fromCli.port(ServiceId.HIAVD, 4746)).isEqualTo(4748);
    assertThat(fromCli.ports(ServiceId.NFS).getFirst().port()).isEqualTo(12049);
    assertThat(List.of(fromCli.witnessInstance())).containsExactly(3);
  }
}
