package io.eldercare.workorder.order;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** Work orders. */
public interface WorkOrderRepository extends Repository<WorkOrder, UUID> {

    WorkOrder save(WorkOrder order);

    Optional<WorkOrder> findById(UUID id);
}
