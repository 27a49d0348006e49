package io.eldercare.testsupport;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

/** Valid, made-up resident ID numbers (GB 11643 check character) for elders born in Huangpi in the 1940s. */
public final class TestIdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private TestIdNumbers() {
    }

    /** A valid number of someone born in the 1940s (76 to 86 in 2026). */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return bornOn(LocalDate.of(1940 + random.nextInt(10), 1 + random.nextInt(12),
                1 + random.nextInt(28)));
    }

    /** A valid number of someone born on the day (Huangpi district, a random sequence). */
    public static String bornOn(LocalDate birth) {
        String body = String.format("420116%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                birth.getDayOfMonth(), ThreadLocalRandom.current().nextInt(1000));
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * WEIGHTS[i];
        }
        return body + CHECK.charAt(sum % 11);
    }
}
