/**
 * 集中就餐: a meal at the canteen recognised by the canteen's terminal, ordered, held, confirmed and completed in one
 * step.
 */
package io.eldercare.workorder.canteen;
