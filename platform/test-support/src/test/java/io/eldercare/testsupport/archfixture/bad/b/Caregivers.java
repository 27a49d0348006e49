package io.eldercare.testsupport.archfixture.bad.b;

import io.eldercare.testsupport.archfixture.bad.a.Visit;

/** Depends back on feature a: the cycle. */
public class Caregivers {

    Visit last;
}
