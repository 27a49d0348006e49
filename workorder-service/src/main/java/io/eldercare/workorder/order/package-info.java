/**
 * The order, its money and its lifecycle rules: placing, quoting from the copies, funding by the wallet's hold (waiting
 * orders, lost answers), changing, cancelling and completing; the aggregate (WorkOrder with its Visit) and its status.
 */
package io.eldercare.workorder.order;
