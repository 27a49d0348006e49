/**
 * Service items of a pack and their prices over time: the price list other features read and add to.
 */
package io.eldercare.catalog.item;
