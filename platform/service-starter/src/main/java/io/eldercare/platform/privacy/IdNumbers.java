package io.eldercare.platform.privacy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;

/** Resident ID-card numbers (GB 11643-1999): 18 characters, a valid birth date and the ISO 7064 check character. */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private IdNumbers() {
    }

    public static boolean isValid(String idNumber) {
        if (idNumber == null) {
            return false;
        }
        String id = idNumber.trim().toUpperCase(Locale.ROOT);
        if (!id.matches("\\d{17}[0-9X]")) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException e) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11) == id.charAt(17);
    }

    /** The birth date the number encodes. */
    public static LocalDate birthDate(String idNumber) {
        String id = idNumber.trim();
        return LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                Integer.parseInt(id.substring(12, 14)));
    }
}
