/**
 * Canteens and community facilities: their registration, zone and use, and each one's canteen subsidy for a
 * year from the pack in force.
 */
package io.eldercare.catalog.facility;
