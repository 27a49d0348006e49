package io.eldercare.registry;

import io.eldercare.testsupport.ServiceArchitectureTest;

/** The platform's architecture rules (test-support's ArchitectureRules) on this service's main classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(RegistryApplication.class);
    }
}
