/**
 * What an order of an item costs on a day under a pack: price, subsidy share, self-pay and delivery fee.
 */
package io.eldercare.catalog.quote;
