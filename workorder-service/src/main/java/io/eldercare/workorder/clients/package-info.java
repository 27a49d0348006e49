/** Clients of other services: the wallet's hold is the only synchronous call on the order path. */
package io.eldercare.workorder.clients;
