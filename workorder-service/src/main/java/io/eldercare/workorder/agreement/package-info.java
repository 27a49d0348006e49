/**
 * Monthly service agreements (黄陂 六(二)2): each agreed day's order placed a few days ahead, once; ending one
 * cancels what has not begun.
 */
package io.eldercare.workorder.agreement;
