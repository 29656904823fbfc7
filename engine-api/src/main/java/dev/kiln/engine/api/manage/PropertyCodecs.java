package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.InvalidArgumentException;
import java.util.Locale;

/** The codecs the catalogue uses: enums, booleans (on/off), sizes and share strings. */
final class PropertyCodecs {

  private PropertyCodecs() {}

  static <E extends Enum<E>> PropertyCodec<E> enumeration(String name, Class<E> type) {
    return new PropertyCodec<>() {
      @Override
      public E parse(String text) throws InvalidArgumentException {
        for (E constant : type.getEnumConstants()) {
          if (constant.name().equalsIgnoreCase(text)) {
            return constant;
          }
        }
        throw new InvalidArgumentException(
            "bad value '%s' for %s; expected one of %s"
                .formatted(text, name, format(type.getEnumConstants())));
      }

      private String format(E[] constants) {
        StringBuilder sb = new StringBuilder();
        for (E c : constants) {
          sb.append(sb.isEmpty() ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
      }

      @Override
      public String format(E value) {
        return value.name().toLowerCase(Locale.ROOT);
      }

      @Override
      public void validate(E value) {}
    };
  }

  static PropertyCodec<Boolean> onOff(String name) {
    return new PropertyCodec<>() {
      @Override
      public Boolean parse(String text) throws InvalidArgumentException {
        return switch (text.toLowerCase(Locale.ROOT)) {
          case "on" -> true;
          case "off" -> false;
          default ->
              throw new InvalidArgumentException(
                  "bad value '%s' for %s; expected on or off".formatted(text, name));
        };
      }

      @Override
      public String format(Boolean value) {
        return value ? "on" : "off";
      }

      @Override
      public void validate(Boolean value) {}
    };
  }

  /**
   * Byte sizes with binary suffixes (K, M, G, T, P); {@code noneIsZero} accepts "none" as 0. Values
   * must lie in [min, max] and, when {@code powerOfTwo}, be a power of two.
   */
  static PropertyCodec<Long> size(
      String name, long min, long max, boolean powerOfTwo, boolean noneIsZero) {
    return new PropertyCodec<>() {
      @Override
      public Long parse(String text) throws InvalidArgumentException {
        String t = text.toUpperCase(Locale.ROOT);
        if (noneIsZero && t.equals("NONE")) {
          return 0L;
        }
        if (t.endsWith("B")) {
          t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
          shift =
              switch (t.charAt(t.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                case 'P' -> 50;
                default -> 0;
              };
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long number;
        try {
          number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw new InvalidArgumentException(
              "bad size '%s' for %s; expected a number with optional K/M/G/T/P%s"
                  .formatted(text, name, noneIsZero ? " or none" : ""),
              e);
        }
        if (number < 0 || (shift > 0 && number > (Long.MAX_VALUE >> shift))) {
          throw new InvalidArgumentException(
              "size '%s' for %s is out of range".formatted(text, name));
        }
        return number << shift;
      }

      @Override
      public String format(Long value) {
        return noneIsZero && value == 0 ? "none" : Long.toString(value);
      }

      @Override
      public void validate(Long value) throws InvalidArgumentException {
        if (noneIsZero && value == 0) {
          return;
        }
        if (value < min || value > max) {
          throw new InvalidArgumentException(
              "%s must be between %d and %d bytes, got %d".formatted(name, min, max, value));
        }
        if (powerOfTwo && Long.bitCount(value) != 1) {
          throw new InvalidArgumentException(
              "%s must be a power of two, got %d".formatted(name, value));
        }
      }
    };
  }

  /** Share options: "off", "on", or an option string of printable characters. */
  static PropertyCodec<String> share(String name) {
    return new PropertyCodec<>() {
      @Override
      public String parse(String text) {
        return text;
      }

      @Override
      public String format(String value) {
        return value;
      }

      @Override
      public void validate(String value) throws InvalidArgumentException {
        if (value.isEmpty() || value.length() > 1024 || !value.chars().allMatch(c -> c >= 32)) {
          throw new InvalidArgumentException(
              name + " must be off, on, or an option string of printable characters");
        }
      }
    };
  }
}
