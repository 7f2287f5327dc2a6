package dev.warren.cli;

import dev.warren.common.BrokerSettings;
import dev.warren.common.WarrenException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --uri}: refused as a usage error when it is not a broker URI, before anything connects. The text is kept. */
final class BrokerUriConverter implements ITypeConverter<String> {
    @Override public String convert(String value) {
        try {
            BrokerSettings.of(value).connectionFactory(); // parses every part; connects nowhere
            return value;
        } catch (WarrenException | IllegalArgumentException e) {
            throw new TypeConversionException(BrokerSettings.mask(e.getMessage()));
        }
    }
}
