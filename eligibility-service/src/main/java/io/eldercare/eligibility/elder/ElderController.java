package io.eldercare.eligibility.elder;

import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.security.Scopes;
import io.eldercare.platform.web.DomainException;
import io.eldercare.platform.web.ProblemDetailsAdvice;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Elders' files. Every read names its purpose in {@code X-Access-Purpose} (recorded in the access log); the ID
 * number is looked up exactly, by its blind index, and only ever from a request body, never a URL.
 */
@RestController
public class ElderController {

    private static final String PURPOSE = "X-Access-Purpose";
    private static final String UNSTATED = "unstated";

    private final ElderFiles files;
    private final IdNumberSearch search;
    private final Reencryption reencryption;

    ElderController(ElderFiles files, IdNumberSearch search, Reencryption reencryption) {
        this.files = files;
        this.search = search;
        this.reencryption = reencryption;
    }

    @GetMapping("/elders/{id}")
    public ElderFiles.ElderView read(@PathVariable UUID id,
            @RequestHeader(name = PURPOSE, defaultValue = UNSTATED) @Size(max = 200) String purpose) {
        return files.read(id, purpose);
    }

    /** A search by ID number (in the body: a URL is written to every proxy's log). */
    public record Search(@NotBlank(message = "idNumber is required")
            @Size(min = 18, max = 18, message = "idNumber has 18 characters") String idNumber) {
    }

    @PostMapping("/elders/search")
    public ElderFiles.ElderView search(@Valid @RequestBody Search request,
            @RequestHeader(name = PURPOSE, defaultValue = UNSTATED) @Size(max = 200) String purpose) {
        return search.search(request.idNumber(), purpose);
    }

    /** The former look-up with the number in the query string: refused without reading it, pointing to the POST. */
    @GetMapping("/elders")
    public void findByIdNumberInUrl() {
        throw new DomainException(HttpStatus.BAD_REQUEST, "id-number-in-url", "ID number in a URL",
                "An ID number is never sent in a URL, where proxies and access logs record it. Look the elder up"
                        + " with POST /elders/search and the body {\"idNumber\": \"…\"}.");
    }

    @ExceptionHandler(IdNumberSearch.RateLimited.class)
    ResponseEntity<ProblemDetail> rateLimited(IdNumberSearch.RateLimited e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create(ProblemDetailsAdvice.TYPE_BASE + "too-many-searches"));
        problem.setTitle("Too many searches");
        long seconds = Math.max(1, e.retryAfter().plusMillis(999).toSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)).body(problem);
    }

    @GetMapping("/access-log")
    public List<ElderFiles.AccessRecord> accessLog(@RequestParam UUID elderId) {
        return files.accessLog(elderId);
    }

    /**
     * After adding a key and making it current: re-encrypts old values in chunks of {@code chunkSize} files, one
     * transaction each, for up to the time budget; call again while {@code complete} is false (internal; not routed by
     * the gateway).
     */
    @PostMapping("/internal/privacy/reencrypt")
    public Reencryption.Report reencrypt(
            @RequestParam(defaultValue = "500") @Min(1) @Max(5000) int chunkSize) {
        Actor.current().requireServiceScope(Scopes.PRIVACY_REENCRYPT).require(Role.SERVICE, Role.DISTRICT_ADMIN);
        return reencryption.run(chunkSize);
    }
}
