package io.eldercare.eligibility.elder;

import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Elders' files. Every read names its purpose in {@code X-Access-Purpose} (recorded in the access log); the ID
 * number is looked up exactly, by its blind index.
 */
@RestController
public class ElderController {

    private static final String PURPOSE = "X-Access-Purpose";
    private static final String UNSTATED = "unstated";

    private final ElderFiles files;

    ElderController(ElderFiles files) {
        this.files = files;
    }

    @GetMapping("/elders/{id}")
    public ElderFiles.ElderView read(@PathVariable UUID id,
            @RequestHeader(name = PURPOSE, defaultValue = UNSTATED) @Size(max = 200) String purpose) {
        return files.read(id, purpose);
    }

    @GetMapping("/elders")
    public ElderFiles.ElderView findByIdNumber(@RequestParam @Size(min = 18, max = 18,
            message = "idNumber has 18 characters") String idNumber,
            @RequestHeader(name = PURPOSE, defaultValue = UNSTATED) @Size(max = 200) String purpose) {
        return files.findByIdNumber(idNumber, purpose);
    }

    @GetMapping("/access-log")
    public List<ElderFiles.AccessRecord> accessLog(@RequestParam UUID elderId) {
        return files.accessLog(elderId);
    }

    /** After adding a key and making it current: re-encrypt old values (internal; not routed by the gateway). */
    @PostMapping("/internal/privacy/reencrypt")
    public int reencrypt() {
        io.eldercare.platform.security.Actor.current().require(io.eldercare.platform.security.Role.SERVICE,
                io.eldercare.platform.security.Role.DISTRICT_ADMIN);
        return files.reencrypt();
    }
}
