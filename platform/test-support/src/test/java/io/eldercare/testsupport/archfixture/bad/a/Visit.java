package io.eldercare.testsupport.archfixture.bad.a;

import io.eldercare.testsupport.archfixture.bad.b.Caregivers;
import io.eldercare.testsupport.archfixture.bad.b.CaregiverController;
import io.eldercare.testsupport.archfixture.bad.b.CaregiverRepository;
import io.eldercare.testsupport.archfixture.bad.b.internal.Roster;
import jakarta.persistence.Entity;
import org.springframework.http.HttpStatus;

/** Breaks every rule: an entity that knows HTTP, calls another feature's controller, repository and internals. */
@Entity
public class Visit {

    HttpStatus refuse() {
        return HttpStatus.CONFLICT;
    }

    Object reach(Caregivers caregivers, CaregiverController controller, CaregiverRepository repository, Roster roster) {
        return caregivers.toString() + controller + repository + roster;
    }
}
