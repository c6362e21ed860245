package dev.iotstream.connect.timeseries.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Float fields are written by a short-decimal fast path or Double.toString; every text must read back exactly. */
class LineProtocolFloatTest {

    private static String written(double value) {
        StringBuilder out = new StringBuilder();
        LineProtocol.appendFloat(out, value);
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource({
            "20.7, 20.7", "-20.7, -20.7", "0.05, 0.05", "-0.5, -0.5", "1003.5, 1003.5", "0.0001, 0.0001",
            "12.3456, 12.3456", "47, 47", "-0.0, 0", "1e15, 1.0e15", "1e20, 1.0e20", "-1e-6, -1.0e-6",
            "0.1234567, 0.1234567", "123456789.25, 123456789.25", "1e14, 100000000000000"})
    void writesTheShortestTextOfCommonValues(double value, String expected) {
        assertThat(written(value)).isEqualTo(expected);
    }

    @Test
    void everyWrittenTextReadsBackAsTheSameDouble() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double value = switch (i % 4) {
                // Sensor-like readings with 1-6 decimals, the fast path's domain and its edges.
                case 0 -> Math.round(random.nextDouble(-1e6, 1e6) * 100) / 100.0;
                case 1 -> random.nextDouble(-1e9, 1e9) / Math.pow(10, random.nextInt(7));
                case 2 -> Double.longBitsToDouble(random.nextLong());
                default -> (random.nextInt(2_000_001) - 1_000_000) / 1e4 + 0.5e-4 * random.nextInt(3);
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            String text = written(value);
            assertThat(Double.parseDouble(text)).as("%s written as %s", value, text).isEqualTo(value);
            assertThat(text).as("line protocol float of %s", value).matches("-?[0-9]+(\\.[0-9]+)?(e-?[0-9]+)?");
        }
    }

    /**
     * FlatJsonReader hands the mapper a JSON decimal's own text when it has 1-4 fraction digits (the last not 0)
     * and at most 15 digits: exactly what appendFloat writes for its double.
     */
    @Test
    void shortDecimalTextsAreWrittenAsThemselves() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            int fractionDigits = 1 + random.nextInt(4);
            int wholeDigits = 1 + random.nextInt(15 - fractionDigits);
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
            text.append(1 + random.nextInt(9));
            if (wholeDigits == 1 && random.nextInt(4) == 0) {
                text.setLength(text.length() - 1);
                text.append('0');
            }
            for (int d = 1; d < wholeDigits; d++) {
                text.append(random.nextInt(10));
            }
            text.append('.');
            for (int d = 1; d < fractionDigits; d++) {
                text.append(random.nextInt(10));
            }
            text.append(1 + random.nextInt(9));
            assertThat(written(Double.parseDouble(text.toString()))).isEqualTo(text.toString());
        }
    }

    @Test
    void fastPathTextIsNoLongerThanDoubleToString() {
        for (double value : new double[] {20.7, 0.05, 1003.5, -12.25, 99.99, 0.3}) {
            assertThat(written(value)).isEqualTo(Double.toString(value));
        }
    }
}
