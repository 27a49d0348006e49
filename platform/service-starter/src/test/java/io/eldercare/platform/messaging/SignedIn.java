package io.eldercare.platform.messaging;

import io.eldercare.events.WorkOrderCompleted;
import io.eldercare.platform.security.Actor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** What the backbone tests share: a call as a signed-in user, and a completion to publish. */
final class SignedIn {

    private SignedIn() {
    }

    /** Calls as a signed-in Huangpi user of the role, as the security filter would have set it up. */
    static <T> T asRole(String role, Supplier<T> call) {
        Jwt token = Jwt.withTokenValue("test").header("alg", "RS256").subject("operator").claim(Actor.ROLE, role)
                .claim(Actor.REGION, "HUANGPI")
                .build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token));
        try {
            return call.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static WorkOrderCompleted completed(UUID elder) {
        return new WorkOrderCompleted(UUID.randomUUID(), elder, UUID.randomUUID(), "HP-HAIRCUT", "HUANGPI-2020",
                "PER_TIME", 2000, 1, 2000, 2000, 0, LocalDate.of(2026, 11, 20), Instant.now(), "TEST");
    }
}
