package io.eldercare.catalog.item;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

/** Service items by pack. */
public interface ServiceItemRepository extends Repository<ServiceItem, ServiceItem.Key> {

    List<ServiceItem> findByPolicyCodeOrderByCode(String policyCode);

    Optional<ServiceItem> findByPolicyCodeAndCode(String policyCode, String code);

    ServiceItem save(ServiceItem item);

    void flush();
}
