package dev.kiln.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's logging: human-readable lines on the console, one JSON object per event in {@code
 * logs/kiln.log} (rolled daily and by size, old files compressed and pruned), so logs are easy to
 * read live and easy to ship to a collector.
 */
public final class LoggingSetup {

  private LoggingSetup() {}

  /** Replaces the default configuration with the daemon's. */
  public static void configure(
      Path logDir, String level, long maxFileSize, int maxHistoryDays, long totalSizeCap) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();

    PatternLayoutEncoder pattern = new PatternLayoutEncoder();
    pattern.setContext(ctx);
    pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20} - %msg %kvp%n");
    pattern.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("console");
    console.setEncoder(pattern);
    console.start();

    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(ctx);
    file.setName("file");
    file.setFile(logDir.resolve("kiln.log").toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(file);
    policy.setFileNamePattern(logDir.resolve("kiln.%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(new FileSize(maxFileSize));
    policy.setMaxHistory(maxHistoryDays);
    policy.setTotalSizeCap(new FileSize(totalSizeCap));
    policy.start();
    JsonEncoder json = new JsonEncoder();
    json.setContext(ctx);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithFormattedMessage(true);
    json.start();
    file.setRollingPolicy(policy);
    file.setEncoder(json);
    file.start();

    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(console);
    root.addAppender(file);
  }

  /** Flushes and closes the appenders; the last call of a stopping daemon. */
  public static void shutdown() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }
}
