package io.eldercare.testsupport.archfixture.bad.b;

import org.springframework.data.repository.Repository;

/** Feature b's persistence, used by feature a. */
public interface CaregiverRepository extends Repository<Caregivers, Long> {
}
