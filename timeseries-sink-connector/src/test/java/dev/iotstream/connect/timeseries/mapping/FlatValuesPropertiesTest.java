package dev.iotstream.connect.timeseries.mapping;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlatValues} behaves like a LinkedHashMap filled by put (a duplicate keeps its first position, takes the
 * last value) for any sequence of keys: few or many (past the hash index), repeated, reused after clear0, and
 * keys whose hashes share a bit of the quick "is it new" check.
 */
class FlatValuesPropertiesTest {
    private final FlatValues values = new FlatValues();

    @Property(tries = 2000)
    void likeALinkedHashMap(@ForAll("records") List<List<String>> records) {
        for (List<String> keys : records) {
            values.clear0();
            Map<String, Object> expected = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                // New String instances: equal keys must be found by equals, not only by identity.
                String key = new String(keys.get(i));
                values.set(key, i);
                expected.put(key, i);
            }
            assertThat(new ArrayList<>(new LinkedHashMap<>(values).entrySet()))
                    .isEqualTo(new ArrayList<>(expected.entrySet()));
            for (String key : keys) {
                assertThat(values.get(key)).isEqualTo(expected.get(key));
            }
            assertThat(values.containsKey("absent-" + keys.size())).isFalse();
        }
    }

    @Provide
    Arbitrary<List<List<String>>> records() {
        // "Aa" and "BB" have the same hash; the numbered keys spread over the 64 bits and past 16 keys.
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("Aa", "BB", "a", "", "a.b"),
                Arbitraries.integers().between(0, 40).map(i -> "k" + i));
        return key.list().ofMaxSize(40).list().ofMinSize(1).ofMaxSize(4);
    }
}
