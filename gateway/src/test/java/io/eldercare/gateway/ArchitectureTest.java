package io.eldercare.gateway;

import io.eldercare.testsupport.ServiceArchitectureTest;

/** The platform's architecture rules (test-support's ArchitectureRules) on the gateway's main classes. */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(GatewayApplication.class, "the gateway is the HTTP edge and has no domain: its helpers ClientAddress and"
                + " ProblemResponse read and write exchanges");
    }
}
