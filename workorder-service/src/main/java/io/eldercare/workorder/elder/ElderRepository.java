package io.eldercare.workorder.elder;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Elders registered for dispatch. */
public interface ElderRepository extends Repository<Elder, UUID> {

    Elder save(Elder elder);

    Optional<Elder> findById(UUID elderId);

    boolean existsById(UUID elderId);
}
