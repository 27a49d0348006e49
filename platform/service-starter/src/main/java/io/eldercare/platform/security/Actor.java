package io.eldercare.platform.security;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.web.DomainException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller of a request, read from the validated token: the role and the scope that limits what they see
 * (region, street, community, provider, or the elder they act for).
 */
public record Actor(String subject, Role role, String region, String street, String community, UUID provider,
        UUID elder, Set<String> scopes, UUID staff) {

    /** Token claims that carry the role and the scope. */
    public static final String ROLE = "role";
    public static final String REGION = "region";
    public static final String STREET = "street";
    public static final String COMMUNITY = "community";
    public static final String PROVIDER = "provider";
    public static final String ELDER = "elder";
    /** A caregiver's own staff record at their provider (who is offered visits and checks in). */
    public static final String STAFF = "staff";
    /** OAuth scopes of a service's token (what other services let it do, e.g. {@code wallet.hold}). */
    public static final String SCOPE = "scope";

    static Actor from(Jwt jwt) {
        String role = jwt.getClaimAsString(ROLE);
        if (role == null) {
            throw new IllegalArgumentException("token has no role");
        }
        return new Actor(jwt.getSubject(), Role.valueOf(role), jwt.getClaimAsString(REGION),
                jwt.getClaimAsString(STREET), jwt.getClaimAsString(COMMUNITY), uuid(jwt.getClaimAsString(PROVIDER)),
                uuid(jwt.getClaimAsString(ELDER)), scopes(jwt.getClaim(SCOPE)), uuid(jwt.getClaimAsString(STAFF)));
    }

    /** The {@code scope} claim: a space-separated string (RFC 9068) or a list, as issuers write it. */
    private static Set<String> scopes(Object claim) {
        if (claim instanceof String text) {
            return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }

    /** The caller of the current request. */
    public static Actor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return from(jwt).scoped();
        }
        throw new DomainException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Not signed in",
                "Sign in and send the access token as 'Authorization: Bearer <token>'.");
    }

    /**
     * Fails closed: a role whose reach is bounded by a claim (the elder, the community, the street, the provider, the
     * region) is refused everywhere when its token lacks that claim, never given "all" (403).
     */
    Actor scoped() {
        String missing = switch (role) {
            case ELDER, FAMILY -> elder == null ? ELDER : null;
            case COMMUNITY_WORKER -> community == null ? COMMUNITY : null;
            case STREET_REVIEWER -> street == null ? STREET : null;
            case PROVIDER_ADMIN, CAREGIVER -> provider == null ? PROVIDER : null;
            case DISTRICT_ADMIN, OPERATOR, AUDITOR, ASSESSOR -> region == null || region.isBlank() ? REGION : null;
            case SERVICE -> null;
        };
        if (missing != null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "scope-claim-missing", "Token without its scope",
                    "Role " + role + " is bounded by the '" + missing + "' claim, and this token has none, so it may"
                            + " see and do nothing; ask the identity provider's administrator to map the claim.");
        }
        return this;
    }

    public boolean is(Role... roles) {
        return Arrays.asList(roles).contains(role);
    }

    /** Refuses roles that may not do this at all (403: the caller can know the thing exists). */
    public Actor require(Role... allowed) {
        if (!is(allowed)) {
            throw new DomainException(HttpStatus.FORBIDDEN, "forbidden", "Not allowed for your role",
                    "Role " + role + " may not do this.");
        }
        return this;
    }

    /**
     * A service acts on another only within the scopes its own client was granted (one client per service): e.g. only
     * the work-order service's token carries {@code wallet.hold}, so no other service can move money through the
     * wallet. People are authorised by their role and scope claims, not by OAuth scopes (403 for a service without it).
     */
    public Actor requireServiceScope(String scope) {
        if (role == Role.SERVICE && !scopes.contains(scope)) {
            throw new DomainException(HttpStatus.FORBIDDEN, "scope-not-granted", "Not granted to this service",
                    "This service's client (" + subject + ") was not granted the scope '" + scope
                            + "'; only the services that need it hold it.");
        }
        return this;
    }

    /**
     * Whether an elder's records are in this caller's scope: the elder themself or their agent, a worker of the
     * elder's community, or a region-wide role. Providers reach elders only through their orders.
     */
    public boolean reachesElder(UUID elderId, String elderCommunity) {
        return switch (role) {
            case ELDER, FAMILY -> elderId.equals(elder);
            case COMMUNITY_WORKER -> elderCommunity != null && elderCommunity.equals(community);
            case DISTRICT_ADMIN, OPERATOR, AUDITOR, ASSESSOR, SERVICE -> true;
            case STREET_REVIEWER, PROVIDER_ADMIN, CAREGIVER -> false;
        };
    }

    /** Refuses what lies outside the caller's scope as if it did not exist (404): no probing of other ids. */
    public void requireElder(UUID elderId, String elderCommunity, String what, Object id) {
        if (!reachesElder(elderId, elderCommunity)) {
            throw Refusal.notFound(what, id);
        }
    }

    /**
     * The region claim bounds every read and write: what belongs to another region is refused as if it did not exist
     * (404), for every role that carries a region (a service carries none and acts everywhere).
     */
    public void requireRegion(String objectRegion, String what, Object id) {
        if (!inRegion(objectRegion)) {
            throw Refusal.notFound(what, id);
        }
    }

    /** Whether a thing of {@code objectRegion} lies in this caller's region (always, for a caller without one). */
    public boolean inRegion(String objectRegion) {
        return role == Role.SERVICE || region == null || objectRegion == null || region.equals(objectRegion);
    }

    /**
     * The region a list this caller reads is filtered by, the rule of {@link #inRegion} in a query's terms: the
     * caller's region, or null for one that acts everywhere (a service, a token without a region).
     */
    public String boundingRegion() {
        return role == Role.SERVICE ? null : region;
    }

    private static UUID uuid(String value) {
        return value == null || value.isBlank() ? null : UUID.fromString(value);
    }
}
