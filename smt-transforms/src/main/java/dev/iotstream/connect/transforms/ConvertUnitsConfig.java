package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.transforms.util.FieldPath;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.transforms.util.NonEmptyListValidator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Configuration of {@link ConvertUnits}. */
public final class ConvertUnitsConfig extends AbstractConfig {
    public static final String CONVERSIONS = "conversions";
    public static final String UNIT_FIELD_SUFFIX = "unit.field.suffix";
    public static final String UNIT_HEADER_PREFIX = "unit.header.prefix";

    private static final String GROUP = "Units";

    /** One configured conversion of one field. */
    record Conversion(FieldPath field, String from, String to, LinearConversion conversion) {
        double apply(double value) {
            return conversion.apply(value);
        }
    }

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(CONVERSIONS, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.CompositeValidator.of(
                    new NonEmptyListValidator(),
                    Validators.eachEntryOfList(
                            "entries field:from->to, e.g. temp:degF->degC,pressure:psi->hPa,speed:mph->km/h",
                            Validators.parses(ConvertUnitsConfig::parse))), ConfigDef.Importance.HIGH,
                    "Conversions as field:from->to (dotted paths for nested fields), e.g. "
                            + "temp:degF->degC,pressure:psi->hPa. Units: any SI unit with prefixes and products or "
                            + "quotients as Indriya (JSR 385) writes them (K, Pa, hPa, kW, mA, m/s, km/h, Hz, V), plus "
                            + "degC/°C, degF/°F, degR, bar, mbar, atm, psi, mmHg, inHg, in, ft, yd, mi, nmi, mph, kn, "
                            + "ft/s, kph, Wh, kWh, MWh, cal, kcal, BTU, hp, 1/ratio, %, permille, ppm, ppb, lb, oz, L, mL, "
                            + "gal, min, h, d. Units must measure the same quantity. Converted fields become doubles.",
                    GROUP, 1, ConfigDef.Width.LONG, "Conversions")
            .define(UNIT_FIELD_SUFFIX, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
                    "When set (e.g. _unit), each converted field gets a sibling string field named field + suffix "
                            + "holding the target unit (temp_unit = degC).", GROUP, 2, ConfigDef.Width.SHORT,
                    "Unit field suffix")
            .define(UNIT_HEADER_PREFIX, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
                    "When set (e.g. unit.), each converted field adds a header named prefix + field holding the target "
                            + "unit (unit.temp = degC).", GROUP, 3, ConfigDef.Width.SHORT, "Unit header prefix");

    private final List<Conversion> conversions;

    public ConvertUnitsConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        List<Conversion> parsed = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (String entry : getList(CONVERSIONS)) {
            try {
                Conversion conversion = parse(entry);
                if (!fields.add(conversion.field().text())) {
                    throw new IllegalArgumentException("field '" + conversion.field() + "' is converted twice");
                }
                parsed.add(conversion);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(CONVERSIONS, getList(CONVERSIONS), "entry '" + entry + "': " + e.getMessage());
            }
        }
        conversions = List.copyOf(parsed);
    }

    static Conversion parse(String entry) {
        String trimmed = entry.trim();
        int colon = trimmed.indexOf(':');
        int arrow = trimmed.indexOf("->");
        if (colon <= 0 || arrow < colon) {
            throw new IllegalArgumentException("expected field:from->to");
        }
        String from = trimmed.substring(colon + 1, arrow).trim();
        String to = trimmed.substring(arrow + 2).trim();
        return new Conversion(FieldPath.of(trimmed.substring(0, colon).trim()), from, to,
                new LinearConversion(UnitCatalog.converter(from, to)));
    }

    List<Conversion> conversions() {
        return conversions;
    }

    public String unitFieldSuffix() {
        String suffix = getString(UNIT_FIELD_SUFFIX);
        return suffix == null || suffix.isEmpty() ? null : suffix;
    }

    public String unitHeaderPrefix() {
        String prefix = getString(UNIT_HEADER_PREFIX);
        return prefix == null || prefix.isEmpty() ? null : prefix;
    }
}
