/**
 * Applications for the subsidy: filing, assessment, approval and termination, and the pack's categories an
 * elder may be approved under; announces ApplicationApproved and ServiceTerminated.
 */
package io.eldercare.eligibility.application;
