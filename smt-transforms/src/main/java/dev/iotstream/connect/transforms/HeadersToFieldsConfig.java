package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.transforms.util.FieldPath;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.transforms.util.NonEmptyListValidator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Configuration of {@link HeadersToFields}. */
public final class HeadersToFieldsConfig extends AbstractConfig {
    public static final String HEADERS = "headers";
    public static final String FIELDS = "fields";
    public static final String ON_MISSING = "on.missing";

    /** What happens when a record lacks one of the headers. */
    public enum OnMissing { SKIP, FAIL }

    private static final String GROUP = "Headers";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(HEADERS, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyListValidator(),
                    ConfigDef.Importance.HIGH, "Names of the headers to copy, e.g. mqtt.topic,mqtt.qos. When a header "
                            + "occurs several times, the last one is used.", GROUP, 1, ConfigDef.Width.LONG, "Headers")
            .define(FIELDS, ConfigDef.Type.LIST, Collections.emptyList(),
                    Validators.eachEntryOfList("field names or dotted paths, one per header",
                            Validators.parses(FieldPath::of)), ConfigDef.Importance.MEDIUM,
                    "Target field for each header, in the same order (dotted paths create nested fields). Empty: the "
                            + "header name with every character other than letters, digits and '_' replaced by '_' "
                            + "(mqtt.topic -> mqtt_topic).", GROUP, 2, ConfigDef.Width.LONG, "Fields")
            .define(ON_MISSING, ConfigDef.Type.STRING, "skip", Validators.oneOf(OnMissing.class),
                    ConfigDef.Importance.MEDIUM, "A record without one of the headers: 'skip' leaves that field out "
                            + "(schemaless) or null (Struct); 'fail' raises a DataException naming the header.",
                    GROUP, 3, ConfigDef.Width.SHORT, "On missing header");

    private final List<String> headers;
    private final List<String> fields;

    public HeadersToFieldsConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        headers = getList(HEADERS).stream().map(String::trim).toList();
        List<String> configured = getList(FIELDS).stream().map(String::trim).toList();
        if (!configured.isEmpty() && configured.size() != headers.size()) {
            throw new ConfigException(FIELDS, getList(FIELDS), "must name one field per header: " + headers.size()
                    + " headers but " + configured.size() + " fields");
        }
        List<String> derived = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            derived.add(configured.isEmpty() ? headers.get(i).replaceAll("[^A-Za-z0-9_]", "_") : configured.get(i));
        }
        fields = List.copyOf(derived);
    }

    public List<String> headers() {
        return headers;
    }

    /** One target field path per header, in the same order. */
    public List<String> fields() {
        return fields;
    }

    public OnMissing onMissing() {
        return ConfigEnums.parse(OnMissing.class, getString(ON_MISSING));
    }
}
