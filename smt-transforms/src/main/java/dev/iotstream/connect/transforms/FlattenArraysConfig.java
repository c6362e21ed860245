package dev.iotstream.connect.transforms;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Configuration of {@link FlattenArrays}. */
public final class FlattenArraysConfig extends AbstractConfig {
    public static final String DELIMITER = "delimiter";
    public static final String MAX_ELEMENTS = "max.elements";

    private static final String GROUP = "Arrays";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(DELIMITER, ConfigDef.Type.STRING, ".", new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.MEDIUM, "Put between a field name and the element index: values [1,2] "
                            + "become values.0 and values.1. The default matches Kafka's Flatten, which should run "
                            + "after this transform.", GROUP, 1, ConfigDef.Width.SHORT, "Delimiter")
            .define(MAX_ELEMENTS, ConfigDef.Type.INT, 100, ConfigDef.Range.between(1, 10_000),
                    ConfigDef.Importance.MEDIUM, "Largest array that is flattened. A longer array fails the record "
                            + "with a DataException naming the field, instead of creating an unbounded number of "
                            + "fields (columns) in the store.", GROUP, 2, ConfigDef.Width.SHORT, "Maximum elements");

    public FlattenArraysConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public String delimiter() {
        return getString(DELIMITER);
    }

    public int maxElements() {
        return getInt(MAX_ELEMENTS);
    }
}
