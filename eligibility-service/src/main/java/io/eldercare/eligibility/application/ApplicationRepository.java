package io.eldercare.eligibility.application;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Applications. */
public interface ApplicationRepository extends Repository<Application, UUID> {

    Application save(Application application);

    Optional<Application> findById(UUID id);
}
