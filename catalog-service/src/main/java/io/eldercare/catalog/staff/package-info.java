/**
 * Caregivers and their qualifications per provider: who may serve which items, announced as StaffQualified.
 */
package io.eldercare.catalog.staff;
