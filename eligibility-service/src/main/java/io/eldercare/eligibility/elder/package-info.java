/**
 * Elders' personal files: registered encrypted, searched by ID number through a blind index, read with an
 * access log, re-encrypted on key rotation and erased after retention.
 */
package io.eldercare.eligibility.elder;
