package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Configuration of {@link ParseJson}. */
public final class ParseJsonConfig extends AbstractConfig {
    public static final String OUTPUT = "output";
    public static final String NUMBER_TYPE = "number.type";
    public static final String MAX_DEPTH = "max.depth";

    /** What the parsed JSON object becomes. */
    public enum Output { MAP, STRUCT }

    /** How JSON numbers are typed. */
    public enum NumberType { DOUBLE, LONG_OR_DOUBLE }

    private static final String GROUP = "Parsing";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(OUTPUT, ConfigDef.Type.STRING, "map", Validators.oneOf(Output.class), ConfigDef.Importance.HIGH,
                    "What the JSON object becomes: 'map' gives a schemaless java.util.Map (what JsonConverter with "
                            + "schemas.enable=false and the iotstream sink expect); 'struct' gives a Struct with a schema "
                            + "inferred from the message (all fields optional; inferred schemas are cached, 16 shapes, LRU).",
                    GROUP, 1, ConfigDef.Width.SHORT, "Output")
            .define(NUMBER_TYPE, ConfigDef.Type.STRING, "double", Validators.oneOf(NumberType.class),
                    ConfigDef.Importance.MEDIUM,
                    "How JSON numbers are typed. 'double' (default): every number becomes a double, so a field that is "
                            + "25 in one message and 25.5 in the next keeps one type in the time-series store; integers "
                            + "beyond +/-2^53 (which a double cannot hold exactly, e.g. epoch nanoseconds) stay longs. "
                            + "'long_or_double': integers become longs, numbers with a fraction or exponent doubles.",
                    GROUP, 2, ConfigDef.Width.SHORT, "Number type")
            .define(MAX_DEPTH, ConfigDef.Type.INT, 16, ConfigDef.Range.between(1, 256), ConfigDef.Importance.LOW,
                    "How many levels of nested objects and arrays are parsed. The top-level object is level 1; an object "
                            + "or array below the limit is kept as its compact JSON text in a string field.",
                    GROUP, 3, ConfigDef.Width.SHORT, "Maximum depth");

    public ParseJsonConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public Output output() {
        return ConfigEnums.parse(Output.class, getString(OUTPUT));
    }

    public NumberType numberType() {
        return ConfigEnums.parse(NumberType.class, getString(NUMBER_TYPE));
    }

    public int maxDepth() {
        return getInt(MAX_DEPTH);
    }
}
