package dev.iotstream.connect.common.config;

import java.util.Locale;

/** Enum-valued settings: users write the constant's name in lower case (any case is read). */
public final class ConfigEnums {
    private ConfigEnums() {
    }

    /** The lower-case names of the constants, in declaration order: the values a setting accepts. */
    public static <E extends Enum<E>> String[] names(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String[] names = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            names[i] = constants[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    /** The constant a setting names; IllegalArgumentException when it names none. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }
}
