/** The web side of dispatch: the caregivers' live lists, streamed as Server-Sent Events. */
package io.eldercare.workorder.dispatch.web;
