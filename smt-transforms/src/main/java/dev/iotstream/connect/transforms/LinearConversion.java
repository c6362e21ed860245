package dev.iotstream.connect.transforms;

import javax.measure.UnitConverter;
import java.math.BigDecimal;

/**
 * A unit conversion as {@code scale * x + offset}, with both coefficients computed once by Indriya's exact
 * (rational) arithmetic. Indriya's own {@code convert(double)} goes through that arithmetic on every call and
 * costs microseconds; temperature, pressure, length, speed, energy, power and ratio conversions are all affine,
 * so per record this is one multiply-add. A converter that is not affine (e.g. a logarithmic unit) is used as is.
 */
final class LinearConversion {
    private final double scale;
    private final double offset;
    private final UnitConverter fallback;

    LinearConversion(UnitConverter converter) {
        double[] coefficients = UnitCatalog.withOwnClassLoader(() -> coefficients(converter));
        this.scale = coefficients[0];
        this.offset = coefficients[1];
        this.fallback = coefficients[2] == 1.0 ? null : converter;
    }

    /** {scale, offset, 1 if affine else 0}. */
    private static double[] coefficients(UnitConverter converter) {
        BigDecimal zero = decimal(converter.convert(BigDecimal.ZERO));
        BigDecimal one = decimal(converter.convert(BigDecimal.ONE));
        double s = one.subtract(zero).doubleValue();
        double o = zero.doubleValue();
        boolean affine = true;
        for (double x : new double[]{-273.15, 1e-3, 7.5, 1e3, 1e6}) {
            double expected = decimal(converter.convert(new BigDecimal(x))).doubleValue();
            double actual = s * x + o;
            if (Math.abs(expected - actual) > 1e-12 * Math.max(1.0, Math.abs(expected))) {
                affine = false;
                break;
            }
        }
        return new double[]{s, o, affine ? 1.0 : 0.0};
    }

    double apply(double value) {
        return fallback == null ? scale * value + offset
                : UnitCatalog.withOwnClassLoader(() -> fallback.convert(value));
    }

    private static BigDecimal decimal(Number number) {
        return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
    }
}
