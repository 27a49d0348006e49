package io.eldercare.testsupport.archfixture.bad.b.internal;

/** Feature b's internals, used by feature a. */
public class Roster {
}
