package io.eldercare.workorder.exceptions;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.workorder.elder.ElderAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The community or the call centre records that an elder is in hospital or away. */
@RestController
public class AbsenceController {

    private final ElderAbsences absences;
    private final ElderAccess access;

    AbsenceController(ElderAbsences absences, ElderAccess access) {
        this.absences = absences;
        this.access = access;
    }

    /** Days the elder is in hospital or away. */
    public record Absence(@NotNull(message = "kind is HOSPITALISED or AWAY") ElderAbsences.Kind kind,
            @NotNull(message = "from is required") LocalDate from, @NotNull(message = "to is required") LocalDate to) {
    }

    @PostMapping("/elders/{id}/absences")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> recordAbsence(@PathVariable UUID id, @Valid @RequestBody Absence absence) {
        Actor actor = access.require(id, Role.COMMUNITY_WORKER, Role.OPERATOR, Role.DISTRICT_ADMIN).actor();
        UUID absenceId = absences.record(id, absence.kind(), absence.from(), absence.to(), actor.subject());
        return Map.of("id", absenceId, "elderId", id, "kind", absence.kind(), "from", absence.from(),
                "to", absence.to());
    }
}
