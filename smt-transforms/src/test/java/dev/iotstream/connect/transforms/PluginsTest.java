package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.transforms.predicates.FieldInRange;
import dev.iotstream.connect.transforms.predicates.FieldMatches;
import dev.iotstream.connect.transforms.predicates.FieldPresent;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Every plugin is registered for service_load discovery, is Versioned and documents every key. */
class PluginsTest {
    static final List<Class<?>> TRANSFORMATIONS = List.of(
            ParseJson.Key.class, ParseJson.Value.class, TopicSegmentsToFields.class,
            HeadersToFields.Key.class, HeadersToFields.Value.class,
            NormalizeTimestamp.Key.class, NormalizeTimestamp.Value.class,
            ConvertUnits.Key.class, ConvertUnits.Value.class, CoerceTypes.Key.class, CoerceTypes.Value.class,
            FlattenArrays.Key.class, FlattenArrays.Value.class);
    static final List<Class<?>> PREDICATES = List.of(FieldInRange.class, FieldMatches.class, FieldPresent.class);

    @Test
    @SuppressWarnings("rawtypes")
    void serviceFilesListEveryTransformationAndPredicate() {
        List<Class<?>> transformations = new ArrayList<>();
        for (ServiceLoader.Provider<Transformation> provider : ServiceLoader.load(Transformation.class).stream().toList()) {
            if (provider.type().getName().startsWith("dev.iotstream.")) {
                transformations.add(provider.type());
            }
        }
        assertThat(transformations).containsExactlyInAnyOrderElementsOf(TRANSFORMATIONS);
        List<Class<?>> predicates = new ArrayList<>();
        for (ServiceLoader.Provider<Predicate> provider : ServiceLoader.load(Predicate.class).stream().toList()) {
            if (provider.type().getName().startsWith("dev.iotstream.")) {
                predicates.add(provider.type());
            }
        }
        assertThat(predicates).containsExactlyInAnyOrderElementsOf(PREDICATES);
    }

    @Test
    void everyPluginIsVersionedAndDocumentsEveryKey() throws Exception {
        List<Class<?>> all = new ArrayList<>(TRANSFORMATIONS);
        all.addAll(PREDICATES);
        for (Class<?> type : all) {
            Object plugin = type.getDeclaredConstructor().newInstance();
            assertThat(((Versioned) plugin).version()).as(type.getName()).isEqualTo(ProjectVersion.get());
            ConfigDef def = plugin instanceof Transformation<?> t ? t.config() : ((Predicate<?>) plugin).config();
            assertThat(def.configKeys()).as(type.getName()).isNotEmpty();
            def.configKeys().values().forEach(key -> {
                assertThat(key.documentation).as(type.getName() + " " + key.name).isNotBlank();
                assertThat(key.group).as(type.getName() + " " + key.name).isNotBlank();
            });
        }
    }
}
