package dev.iotstream.connect.transforms;

import tech.units.indriya.AbstractUnit;
import tech.units.indriya.format.SimpleUnitFormat;
import tech.units.indriya.unit.Units;

import javax.measure.IncommensurableException;
import javax.measure.MetricPrefix;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import javax.measure.format.MeasurementParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Unit symbols for device data, resolved through Indriya (JSR 385). SI units and prefixed or compound forms
 * (hPa, kW, mA, km/h, m/s) are parsed by Indriya's SimpleUnitFormat; the common non-SI units devices report
 * (degF, psi, bar, mph, kWh, ...) are defined here from their exact legal definitions with Indriya's unit
 * algebra, and every conversion is computed by Indriya, never by a hand-written factor table.
 */
final class UnitCatalog {
    private static final Map<String, Unit<?>> ALIASES = new HashMap<>();

    static {
        withOwnClassLoader(() -> {
            defineAliases();
            return null;
        });
    }

    /**
     * Runs Indriya code with this plugin's class loader as the thread context class loader. Indriya finds its
     * number system with ServiceLoader through the context loader, and a Connect worker sets that to the plugin
     * loader of the connector the transform is attached to (another archive, without Indriya): class
     * initialisation would fail there and leave ConvertUnits broken until the worker restarts.
     */
    static <T> T withOwnClassLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(UnitCatalog.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void defineAliases() {
        Unit<?> rankine = Units.KELVIN.multiply(5).divide(9);
        alias(Units.CELSIUS, "°C", "degC", "celsius", "℃");
        alias(Units.KELVIN, "kelvin");
        alias(rankine.shift(459.67), "°F", "degF", "fahrenheit", "℉");
        alias(rankine, "°R", "degR", "rankine");
        alias(Units.PASCAL.multiply(100_000), "bar");
        alias(Units.PASCAL.multiply(100), "mbar");
        alias(Units.PASCAL.multiply(101_325), "atm");
        alias(Units.PASCAL.multiply(6894.757293168361), "psi");
        alias(Units.PASCAL.multiply(133.322387415), "mmHg");
        alias(Units.PASCAL.multiply(3386.389), "inHg");
        Unit<?> foot = Units.METRE.multiply(0.3048);
        Unit<?> mile = Units.METRE.multiply(1609.344);
        alias(Units.METRE.multiply(0.0254), "in", "inch");
        alias(foot, "ft", "foot");
        alias(Units.METRE.multiply(0.9144), "yd", "yard");
        alias(mile, "mi", "mile");
        alias(Units.METRE.multiply(1852), "nmi");
        alias(mile.divide(Units.HOUR), "mph");
        alias(Units.METRE.multiply(1852).divide(Units.HOUR), "kn", "knot");
        alias(foot.divide(Units.SECOND), "ft/s");
        alias(Units.KILOMETRE_PER_HOUR, "km/h", "kph");
        Unit<?> wattHour = Units.WATT.multiply(Units.HOUR);
        alias(wattHour, "Wh");
        alias(MetricPrefix.KILO(wattHour), "kWh");
        alias(MetricPrefix.MEGA(wattHour), "MWh");
        alias(Units.JOULE.multiply(4.184), "cal");
        alias(Units.JOULE.multiply(4184), "kcal");
        alias(Units.JOULE.multiply(1055.05585262), "BTU", "Btu");
        alias(Units.WATT.multiply(745.69987158227022), "hp");
        alias(AbstractUnit.ONE, "1", "ratio", "fraction");
        alias(Units.PERCENT, "%", "percent");
        alias(AbstractUnit.ONE.divide(1000), "‰", "permille");
        alias(AbstractUnit.ONE.divide(1_000_000), "ppm");
        alias(AbstractUnit.ONE.divide(1_000_000_000), "ppb");
        alias(Units.KILOGRAM.multiply(0.45359237), "lb");
        alias(Units.KILOGRAM.multiply(0.028349523125), "oz");
        alias(Units.LITRE, "L", "l");
        alias(MetricPrefix.MILLI(Units.LITRE), "mL", "ml");
        alias(Units.LITRE.multiply(3.785411784), "gal");
        alias(Units.MINUTE, "min");
        alias(Units.HOUR, "h");
        alias(Units.DAY, "d");
    }

    private UnitCatalog() {
    }

    private static void alias(Unit<?> unit, String... names) {
        for (String name : names) {
            ALIASES.put(name, unit);
        }
    }

    /** The unit for a symbol, or IllegalArgumentException naming it. */
    static Unit<?> unit(String symbol) {
        return withOwnClassLoader(() -> parseUnit(symbol));
    }

    private static Unit<?> parseUnit(String symbol) {
        String trimmed = symbol.trim();
        Unit<?> unit = ALIASES.get(trimmed);
        if (unit != null) {
            return unit;
        }
        try {
            return SimpleUnitFormat.getInstance().parse(trimmed);
        } catch (MeasurementParseException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("unknown unit '" + trimmed + "'");
        }
    }

    /** Indriya's converter between two units, or IllegalArgumentException when they measure different things. */
    static UnitConverter converter(String from, String to) {
        return withOwnClassLoader(() -> findConverter(from, to));
    }

    private static UnitConverter findConverter(String from, String to) {
        Unit<?> source = unit(from);
        Unit<?> target = unit(to);
        try {
            return source.getConverterToAny(target);
        } catch (IncommensurableException | RuntimeException e) {
            throw new IllegalArgumentException("cannot convert '" + from.trim() + "' (" + source.getDimension()
                    + ") to '" + to.trim() + "' (" + target.getDimension() + ")");
        }
    }
}
