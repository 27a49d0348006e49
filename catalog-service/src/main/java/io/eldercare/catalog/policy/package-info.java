/**
 * Policy pack versions (rules and eligibility categories): publishing a new version, reading the one in force,
 * and announcing each version once.
 */
package io.eldercare.catalog.policy;
