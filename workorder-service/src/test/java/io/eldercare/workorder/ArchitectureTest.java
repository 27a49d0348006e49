package io.eldercare.workorder;

import io.eldercare.testsupport.ServiceArchitectureTest;

/**
 * The platform's architecture rules (test-support's ArchitectureRules) on the dispatch service: its rooms (elder,
 * order, dispatch, visit, exceptions, canteen, agreement, with catalog and clients below) import each other in one
 * direction only, only its web layer knows HTTP, a controller is reached from no other room, and no room uses another's
 * repositories.
 */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super(WorkorderApplication.class);
    }
}
