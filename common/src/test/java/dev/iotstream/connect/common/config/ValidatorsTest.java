package dev.iotstream.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared validators: what each accepts and refuses, what it does with null, the problem text (which names the
 * key and the value, as Connect shows it), and the "Valid values" text of the reference. Also run through a real
 * ConfigDef, since that is how Connect calls them (values arrive trimmed, lists split).
 */
class ValidatorsTest {
    private static final String KEY = "some.key";
    /** A plugin rule as the plugins give it: "bad" words are refused. */
    private static final Function<String, Optional<String>> NO_BAD =
            v -> v.contains("bad") ? Optional.of("'" + v + "' is bad") : Optional.empty();

    private static void ok(ConfigDef.Validator validator, Object value) {
        assertThatCode(() -> validator.ensureValid(KEY, value)).as(String.valueOf(value)).doesNotThrowAnyException();
    }

    private static void refused(ConfigDef.Validator validator, Object value, String message) {
        assertThatThrownBy(() -> validator.ensureValid(KEY, value)).as(String.valueOf(value))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void valueChecksTheStrippedValueAndLetsNullPass() {
        ConfigDef.Validator v = Validators.value("no bad words", NO_BAD);
        ok(v, "good");
        ok(v, null);
        refused(v, " bad ", "Invalid value  bad  for configuration some.key: 'bad' is bad");
        assertThat(v).hasToString("no bad words");
    }

    @Test
    void valueUnlessBlankLetsEmptyPass() {
        ConfigDef.Validator v = Validators.valueUnlessBlank("empty or no bad words",
                s -> s.isEmpty() ? Optional.of("the check must not see empty values") : NO_BAD.apply(s));
        ok(v, null);
        ok(v, "");
        ok(v, "   ");
        ok(v, "good");
        refused(v, "bad", "Invalid value bad for configuration some.key: 'bad' is bad");
    }

    @Test
    void jsonArrayPathTakesRootOrDottedMemberNamesOnly() {
        ConfigDef.Validator v = Validators.jsonArrayPath();
        for (String good : new String[]{"", "$", "readings", "data.samples", " data.samples "}) {
            ok(v, good);
        }
        ok(v, null);
        for (String bad : new String[]{"$.readings", "data.$", ".readings", "readings.", "a..b", "."}) {
            assertThatThrownBy(() -> v.ensureValid(KEY, bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("dotted path such as readings or data.samples");
        }
    }

    @Test
    void nonBlankValueRefusesNullAndBlank() {
        ConfigDef.Validator v = Validators.nonBlankValue("a word", NO_BAD);
        ok(v, "good");
        refused(v, null, "Invalid value null for configuration some.key: must not be empty");
        refused(v, " ", "Invalid value   for configuration some.key: must not be empty");
        refused(v, "bad", "Invalid value bad for configuration some.key: 'bad' is bad");
    }

    @Test
    void parsesTurnsAParsersExceptionIntoTheProblem() {
        Function<String, Optional<String>> check = Validators.parses(s -> {
            if (!s.equals("x")) {
                throw new IllegalArgumentException("expected x, got '" + s + "'");
            }
        });
        assertThat(check.apply("x")).isEmpty();
        assertThat(check.apply("y")).contains("expected x, got 'y'");
    }

    @Test
    void eachEntryNamesTheEntryAndAllowsAnEmptyList() {
        ConfigDef.Validator v = Validators.eachEntry("words", NO_BAD);
        ok(v, List.of());
        ok(v, List.of("a", "b"));
        ok(v, null);
        refused(v, List.of("a", " bad "), "Invalid value  bad  for configuration some.key: 'bad' is bad");
        assertThat(v).hasToString("words");
    }

    @Test
    void atLeastOneEntryRefusesAnEmptyListWithItsDescription() {
        ConfigDef.Validator v = Validators.atLeastOneEntry("one or more words", NO_BAD);
        ok(v, List.of("a"));
        ok(v, null); // ConfigDef itself reports a missing required value
        refused(v, List.of(), "Invalid value [] for configuration some.key: expected one or more words, got none");
        refused(v, List.of("bad"), "Invalid value bad for configuration some.key: 'bad' is bad");
    }

    @Test
    void eachEntryOfListNamesTheListAndTheEntry() {
        ConfigDef.Validator v = Validators.eachEntryOfList("words", NO_BAD);
        ok(v, List.of());
        ok(v, null);
        refused(v, List.of("a", "bad"), "Invalid value [a, bad] for configuration some.key: entry 'bad': 'bad' is bad");
    }

    enum Mode { FAST_PATH, SLOW }

    @Test
    void oneOfIgnoresCaseAndSpacesAndRefusesNull() {
        ConfigDef.Validator v = Validators.oneOf("PKCS12", "JKS");
        ok(v, "pkcs12");
        ok(v, " JKS ");
        refused(v, "PEM", "Invalid value PEM for configuration some.key: must be one of PKCS12, JKS");
        refused(v, null, "Invalid value null for configuration some.key: must be one of PKCS12, JKS");
        assertThat(v).hasToString("one of PKCS12, JKS (any case)");
    }

    @Test
    void oneOfAnEnumOffersItsLowerCaseNamesAndParsesThemBack() {
        ConfigDef.Validator v = Validators.oneOf(Mode.class);
        assertThat(v).hasToString("one of fast_path, slow (any case)");
        ok(v, "Fast_Path");
        refused(v, "fast", "Invalid value fast for configuration some.key: must be one of fast_path, slow");
        assertThat(ConfigEnums.names(Mode.class)).containsExactly("fast_path", "slow");
        assertThat(ConfigEnums.parse(Mode.class, " slow ")).isEqualTo(Mode.SLOW);
        assertThatThrownBy(() -> ConfigEnums.parse(Mode.class, "fast")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regexMustCompile() {
        ConfigDef.Validator v = Validators.regex();
        ok(v, "^a+[0-9]$");
        ok(v, null);
        assertThatThrownBy(() -> v.ensureValid(KEY, "a(")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value a( for configuration some.key: not a valid regular expression:");
        assertThat(v).hasToString("a Java regular expression");
    }

    @Test
    void zoneIdMustBeKnown() {
        ConfigDef.Validator v = Validators.zoneId();
        ok(v, "UTC");
        ok(v, "Europe/Berlin");
        ok(v, "+02:00");
        assertThatThrownBy(() -> v.ensureValid(KEY, "Mars/Base")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value Mars/Base for configuration some.key: not a time zone id:");
        assertThatThrownBy(() -> v.ensureValid(KEY, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a time zone id");
    }

    @Test
    void httpUrlNeedsSchemeAndHostAndNoQuery() {
        ConfigDef.Validator v = Validators.httpUrl();
        ok(v, "http://localhost:8086");
        ok(v, "HTTPS://influx.example.com/prefix");
        refused(v, null, "Invalid value null for configuration some.key: must be an http:// or https:// URL,"
                + " e.g. http://localhost:8086");
        refused(v, "ftp://host", "Invalid value ftp://host for configuration some.key: scheme must be http or https");
        refused(v, "http:///path", "Invalid value http:///path for configuration some.key: has no host name");
        refused(v, "http://h/?db=x", "Invalid value http://h/?db=x for configuration some.key: must not have a query"
                + " or fragment");
        assertThatThrownBy(() -> v.ensureValid(KEY, "http://h w")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a valid URL");
        assertThat(v).hasToString("http:// or https:// URL");
    }

    @Test
    void nonEmptyNoWhitespace() {
        ConfigDef.Validator v = Validators.nonEmptyNoWhitespace();
        ok(v, "_");
        for (String bad : Arrays.asList(null, "", " _", "_ ")) {
            refused(v, bad, "Invalid value " + bad + " for configuration some.key: must be non-empty without"
                    + " surrounding whitespace");
        }
    }

    @Test
    void kafkaTopicNames() {
        ConfigDef.Validator required = Validators.kafkaTopic();
        ConfigDef.Validator optional = Validators.kafkaTopicOrEmpty();
        for (String good : List.of("mqtt.raw", "a_b-C.9", "x".repeat(249))) {
            ok(required, good);
            ok(optional, good);
        }
        ok(optional, "");
        for (String bad : List.of("", ".", "..", "a/b", "a b", "x".repeat(250))) {
            if (!bad.isEmpty()) {
                assertThatThrownBy(() -> optional.ensureValid(KEY, bad)).as(bad).isInstanceOf(ConfigException.class);
            }
            assertThatThrownBy(() -> required.ensureValid(KEY, bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageEndingWith("is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
        }
        assertThat(required).hasToString("a legal Kafka topic name ([a-zA-Z0-9._-], 1-249 chars)");
        assertThat(optional).hasToString("empty or a legal Kafka topic name");
    }

    @Test
    void throughAConfigDefTheProblemsBecomeValidationErrorsOfTheirKey() {
        ConfigDef def = new ConfigDef()
                .define("words", ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.atLeastOneEntry("one or more words", NO_BAD), ConfigDef.Importance.HIGH, "Words.")
                .define("mode", ConfigDef.Type.STRING, "slow", Validators.oneOf(Mode.class),
                        ConfigDef.Importance.LOW, "Mode.");
        assertThat(def.validate(Map.of("words", "a, bad", "mode", "SLOW")))
                .filteredOn(c -> c.name().equals("words")).singleElement()
                .satisfies(c -> assertThat(c.errorMessages())
                        .containsExactly("Invalid value bad for configuration words: 'bad' is bad"));
        assertThat(def.validate(Map.of("words", "a", "mode", "quick")))
                .filteredOn(c -> c.name().equals("mode")).singleElement()
                .satisfies(c -> assertThat(c.errorMessages()).singleElement().asString().contains("fast_path, slow"));
        assertThat(def.validate(Map.of("words", "a")))
                .allSatisfy(c -> assertThat(c.errorMessages()).as(c.name()).isEmpty());
    }
}
