/**
 * The public catalogue (嘉峪关 第十一条): every priced item of a pack on a day with its content, standard, price, what
 * the subsidy covers and what an elder pays, for anyone; the figures come from {@code quote}.
 */
package io.eldercare.catalog.catalogue;
