package io.eldercare.platform.privacy;

/** How personal data is shown to roles that need not see it whole. */
public final class Masking {

    private Masking() {
    }

    /** 420116********1234 → the region prefix and the last four, as on receipts: {@code 4201**********1234}. */
    public static String idNumber(String idNumber) {
        if (idNumber == null || idNumber.length() < 8) {
            return idNumber == null ? null : "****";
        }
        return idNumber.substring(0, 4) + "*".repeat(idNumber.length() - 8) + idNumber.substring(idNumber.length()
                - 4);
    }

    /** 13812345678 → 138****5678. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "****";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /** 张三丰 → 张**. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    /** Keeps the district and street part (the first 6 characters), hides the rest of the address. */
    public static String address(String address) {
        if (address == null) {
            return null;
        }
        return address.length() <= 6 ? "******" : address.substring(0, 6) + "******";
    }
}
