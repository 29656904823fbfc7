package dev.kiln.cli.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.common.net.PortPlan;
import dev.kiln.common.net.ServiceId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated rules compared with reviewed golden files. After an intended change, regenerate
 * with {@code -Dkiln.golden.update=true} and review the diff.
 */
class FirewallGoldenTest {

  @ParameterizedTest
  @EnumSource(FirewallDialect.class)
  void defaultPlanMatchesGolden(FirewallDialect dialect) throws IOException {
    String actual = dialect.render(FirewallModel.of(PortPlan.builder().build(), List.of()));
    compare(dialect, "default", actual);
  }

  @ParameterizedTest
  @EnumSource(FirewallDialect.class)
  void offsetWitnessAndPeersMatchGolden(FirewallDialect dialect) throws IOException {
    PortPlan plan =
        PortPlan.builder()
            .withPortOffset(10_000)
            .withWitnessInstance(2)
            .withOverride(ServiceId.INFLUXDB, List.of(0, 8088))
            .build();
    String actual = dialect.render(FirewallModel.of(plan, List.of("192.0.2.10", "2001:db8::10")));
    compare(dialect, "witness2-offset-peers", actual);
  }

  private static void compare(FirewallDialect dialect, String variant, String actual)
      throws IOException {
    String name = dialect.name().toLowerCase(Locale.ROOT) + "-" + variant + ".golden";
    if (Boolean.getBoolean("kiln.golden.update")) {
      Path dir = Path.of("src/test/resources/firewall");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), actual);
    }
    try (InputStream in = FirewallGoldenTest.class.getResourceAsStream("/firewall/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
