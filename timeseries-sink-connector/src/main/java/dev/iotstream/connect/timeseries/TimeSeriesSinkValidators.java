package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.timeseries.mapping.DestinationTemplate;
import dev.iotstream.connect.timeseries.mapping.FieldType;
import dev.iotstream.connect.timeseries.mapping.MeasurementTemplate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The sink's own rules, given to the shared {@link Validators}; generic rules are used from there directly. */
final class TimeSeriesSinkValidators {
    private TimeSeriesSinkValidators() {
    }

    static ConfigDef.Validator fieldTypes() {
        return Validators.eachEntryOfList("list of path:type, type in float, integer, boolean, string", entry -> {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                return Optional.of("must be path:type");
            }
            return Validators.parses(FieldType::parse).apply(entry.substring(colon + 1));
        });
    }

    /** Entries name=value, each name once: the duplicate check needs the whole list, so it follows the entries'. */
    static ConfigDef.Validator staticTags() {
        ConfigDef.Validator entries = Validators.eachEntryOfList("list of name=value", entry -> {
            int eq = entry.indexOf('=');
            return eq <= 0 || entry.substring(0, eq).isBlank() || entry.substring(eq + 1).isBlank()
                    ? Optional.of("must be name=value with a non-empty name and value") : Optional.empty();
        });
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                entries.ensureValid(name, value);
                if (!(value instanceof List<?> list)) {
                    return;
                }
                Set<String> names = new HashSet<>();
                for (Object item : list) {
                    String tag = item.toString().substring(0, item.toString().indexOf('=')).strip();
                    if (!names.add(tag)) {
                        throw new ConfigException(name, value, "tag '" + tag + "' is given twice");
                    }
                }
            }

            @Override
            public String toString() {
                return entries.toString();
            }
        };
    }

    /** A bucket or database: a name, or a template the record fills in. */
    static ConfigDef.Validator destinationTemplate(String setting) {
        return Validators.value("name, or template with ${topic}, ${key}, ${header:name}, ${field:path}",
                Validators.parses(template -> DestinationTemplate.parse(setting, template)));
    }

    /** Empty (one point per record), $ (the value is the array) or the dotted path of an array inside it. */
    static ConfigDef.Validator measurementTemplate() {
        return Validators.nonBlankValue("constant or template with ${topic} and ${field.path}",
                Validators.parses(MeasurementTemplate::parse));
    }
}
