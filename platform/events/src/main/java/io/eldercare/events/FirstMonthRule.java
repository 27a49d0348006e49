package io.eldercare.events;

/** What an elder receives for the month in which the service starts. */
public enum FirstMonthRule {
    /** The whole month's allowance (黄陂: the notified service time runs from the start date). */
    FULL,
    /** The share of the month's days from the start date on. */
    PRORATED,
    /** Nothing for the first month; credits start with the next one. */
    NEXT_MONTH
}
