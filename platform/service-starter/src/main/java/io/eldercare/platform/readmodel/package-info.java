/** Local read models of facts another service owns, built from its events: a service enforces them without asking. */
package io.eldercare.platform.readmodel;
