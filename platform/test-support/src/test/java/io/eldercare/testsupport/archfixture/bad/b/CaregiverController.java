package io.eldercare.testsupport.archfixture.bad.b;

import org.springframework.web.bind.annotation.RestController;

/** A controller that feature a calls. */
@RestController
public class CaregiverController {
}
