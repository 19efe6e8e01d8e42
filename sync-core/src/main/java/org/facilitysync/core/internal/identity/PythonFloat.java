package org.facilitysync.core.internal.identity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}, which {@code json.dumps} writes for floats: the shortest decimal that
 * reads back as the same double (the closest one when several are that short), in fixed notation when
 * the decimal point falls within 16 digits ({@code 0.0001}, {@code 1e+16} is the first exponent form),
 * always with a fractional part ({@code 1.0}), exponents with a sign and at least two digits
 * ({@code 1e-05}).
 *
 * <p>Java 17's {@code Double.toString} is not always shortest and uses another notation, hence this.
 */
public final class PythonFloat {

    private PythonFloat() {
    }

    /** The text Python writes for {@code value}; non-finite values as {@code json.dumps} writes them. */
    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();
        String body = decimalPoint <= -4 || decimalPoint > 16 ? exponential(digits, decimalPoint)
                : fixed(digits, decimalPoint);
        return value < 0 ? "-" + body : body;
    }

    /** The shortest decimal (trailing zeros stripped) that converts back to {@code value}. */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            MathContext context = new MathContext(precision, RoundingMode.HALF_EVEN);
            BigDecimal nearest = exact.round(context);
            if (nearest.doubleValue() == value) {
                return nearest.stripTrailingZeros();
            }
            // At a power of two the interval that reads back is lopsided: a neighbour of the nearest
            // decimal of this length may read back when the nearest does not.
            BigDecimal step = BigDecimal.ONE.movePointLeft(nearest.scale());
            BigDecimal up = nearest.add(step);
            BigDecimal down = nearest.subtract(step);
            boolean upOk = up.doubleValue() == value;
            boolean downOk = down.doubleValue() == value;
            if (upOk && downOk) {
                return (up.subtract(exact).abs().compareTo(exact.subtract(down).abs()) <= 0 ? up : down)
                        .stripTrailingZeros();
            }
            if (upOk) {
                return up.stripTrailingZeros();
            }
            if (downOk) {
                return down.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String fixed(String digits, int decimalPoint) {
        if (decimalPoint <= 0) {
            return "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    private static String exponential(String digits, int decimalPoint) {
        int exponent = decimalPoint - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String magnitude = Integer.toString(Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.length() < 2 ? "0" + magnitude : magnitude);
    }
}
