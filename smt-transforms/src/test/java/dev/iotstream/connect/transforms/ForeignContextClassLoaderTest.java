package dev.iotstream.connect.transforms;

import org.junit.jupiter.api.Test;
import tech.units.indriya.unit.Units;

import javax.measure.Unit;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * In a Connect worker, a transform runs with the thread context class loader of the connector it is attached
 * to, which cannot see Indriya when the connector comes from another plugin archive. Indriya looks up its number
 * system through that loader. This test loads the transforms and Indriya fresh in an isolated loader (so no
 * Indriya state from other tests helps) and configures and runs ConvertUnits with a context loader that sees
 * nothing, as PackagingIT's separate-archives case does.
 */
class ForeignContextClassLoaderTest {
    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Child-first for the transforms, Indriya and the unit API; everything else (Kafka) from the test loader. */
    private static final class IsolatedLoader extends URLClassLoader {
        IsolatedLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            boolean own = name.startsWith("dev.iotstream.connect.transforms.") || name.startsWith("tech.units.")
                    || name.startsWith("javax.measure.") || name.startsWith("tech.uom.");
            if (!own) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    @Test
    void convertUnitsWorksWhenTheContextLoaderCannotSeeIndriya() throws Exception {
        URL[] urls = {location(ConvertUnits.class), location(Units.class), location(Unit.class),
                location(Class.forName("tech.uom.lib.common.function.Nameable"))};
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (IsolatedLoader isolated = new IsolatedLoader(urls, getClass().getClassLoader());
             URLClassLoader foreign = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(foreign);
            Class<?> type = isolated.loadClass(ConvertUnits.Value.class.getName());
            assertThat(type.getClassLoader()).isSameAs(isolated);
            Object transform = type.getDeclaredConstructor().newInstance();
            type.getMethod("configure", Map.class).invoke(transform, Map.of("conversions", "temp:degF->degC"));
            Method apply = type.getMethod("apply", org.apache.kafka.connect.connector.ConnectRecord.class);
            Object out = apply.invoke(transform, TestRecords.source(null, Map.of("temp", 212.0)));
            double temp = (double) ParseJsonTest.map((org.apache.kafka.connect.source.SourceRecord) out).get("temp");
            assertThat(temp).isCloseTo(100.0, within(1e-9));
            assertThat(thread.getContextClassLoader()).isSameAs(foreign);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
