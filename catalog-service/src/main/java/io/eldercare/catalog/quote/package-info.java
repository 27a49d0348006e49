/**
 * What an order of an item costs on a day under a pack (the quote) and what the public catalogue shows of each item:
 * price, subsidy share, self-pay and delivery fee. The one place the catalog prices.
 */
package io.eldercare.catalog.quote;
