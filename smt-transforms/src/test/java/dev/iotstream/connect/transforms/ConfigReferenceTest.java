package dev.iotstream.connect.transforms;

import dev.iotstream.connect.testing.ConfigReference;
import dev.iotstream.connect.transforms.predicates.FieldInRange;
import dev.iotstream.connect.transforms.predicates.FieldMatches;
import dev.iotstream.connect.transforms.predicates.FieldPresent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/reference/smt-transforms.md equal to the ConfigDefs: one section per transform and predicate, each
 * rendered by {@link ConfigReference} with its headings moved one level down. Regenerate with
 * {@code mvn -pl smt-transforms test -Dtest=ConfigReferenceTest -Dreference.update=true}.
 */
class ConfigReferenceTest {
    private static final Path FILE = Path.of("../docs/reference/smt-transforms.md");
    private static final String PKG = "dev.iotstream.connect.transforms.";

    static String reference() {
        StringBuilder out = new StringBuilder();
        out.append("# iotstream transforms and predicates: configuration reference\n\n");
        out.append("Single message transforms and predicates of the `smt-transforms` plugin. Transforms marked "
                + "`$Key`/`$Value` exist in both variants (use the class name with the suffix, e.g. `"
                + PKG + "ParseJson$Value`). Examples and the recommended chain: `smt-transforms/README.md`.\n\n");
        out.append("<!-- Generated from the ConfigDefs by ConfigReferenceTest; edit the code, not this file. -->\n");
        section(out, "ParseJson", "$Key / $Value", ParseJson.OVERVIEW_DOC, ParseJsonConfig.CONFIG_DEF);
        section(out, "TopicSegmentsToFields", "value only", TopicSegmentsToFields.OVERVIEW_DOC,
                TopicSegmentsToFieldsConfig.CONFIG_DEF);
        section(out, "HeadersToFields", "$Key / $Value", HeadersToFields.OVERVIEW_DOC, HeadersToFieldsConfig.CONFIG_DEF);
        section(out, "NormalizeTimestamp", "$Key / $Value", NormalizeTimestamp.OVERVIEW_DOC,
                NormalizeTimestampConfig.CONFIG_DEF);
        section(out, "ConvertUnits", "$Key / $Value", ConvertUnits.OVERVIEW_DOC, ConvertUnitsConfig.CONFIG_DEF);
        section(out, "CoerceTypes", "$Key / $Value", CoerceTypes.OVERVIEW_DOC, CoerceTypesConfig.CONFIG_DEF);
        section(out, "FlattenArrays", "$Key / $Value", FlattenArrays.OVERVIEW_DOC, FlattenArraysConfig.CONFIG_DEF);
        section(out, "predicates.FieldInRange", "predicate", FieldInRange.OVERVIEW_DOC, FieldInRange.CONFIG_DEF);
        section(out, "predicates.FieldMatches", "predicate", FieldMatches.OVERVIEW_DOC, FieldMatches.CONFIG_DEF);
        section(out, "predicates.FieldPresent", "predicate", FieldPresent.OVERVIEW_DOC, FieldPresent.CONFIG_DEF);
        return out.toString();
    }

    private static void section(StringBuilder out, String name, String variants, String summary,
                                org.apache.kafka.common.config.ConfigDef def) {
        String rendered = ConfigReference.render("`" + PKG + name + "` (" + variants + ")", summary, def);
        out.append('\n').append(rendered.lines()
                .filter(line -> !line.startsWith("<!-- Generated"))
                .map(line -> line.startsWith("#") ? "#" + line : line)
                .collect(Collectors.joining("\n", "", "\n")));
    }

    @Test
    void referenceIsUpToDate() throws IOException {
        String expected = reference();
        if (Boolean.getBoolean("reference.update")) {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, expected);
        }
        String actual = Files.exists(FILE) ? Files.readString(FILE) : "";
        assertThat(actual).as("Configuration reference " + FILE.toAbsolutePath().normalize() + " is stale or missing. "
                + "Regenerate it with: mvn -pl smt-transforms test -Dtest=ConfigReferenceTest -Dreference.update=true")
                .isEqualTo(expected);
    }
}
