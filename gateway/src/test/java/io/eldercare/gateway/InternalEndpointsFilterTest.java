package io.eldercare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The path as a service would read it, which is what the internal-path check must look at. */
class InternalEndpointsFilterTest {

    @Test
    void escapesAreDecodedDotSegmentsAppliedAndCaseIgnored() {
        assertThat(InternalEndpointsFilter.normalise("/api/x/%69nternal/a")).isEqualTo("/api/x/internal/a");
        assertThat(InternalEndpointsFilter.normalise("/api/x/%2E%2e/y/%41ctuator")).isEqualTo("/api/y/actuator");
        assertThat(InternalEndpointsFilter.normalise("/api/x/a/..;/internal")).isEqualTo("/api/x/internal");
        assertThat(InternalEndpointsFilter.normalise("//api/./x//internal;v=1/")).isEqualTo("/api/x/internal");
        assertThat(InternalEndpointsFilter.normalise("/api/x%2Finternal")).isEqualTo("/api/x/internal");
        assertThat(InternalEndpointsFilter.normalise("/api/x/%25%36%39nternal")).isEqualTo("/api/x/internal");
        assertThat(InternalEndpointsFilter.normalise("/api/x/%E9%BE%84")).isEqualTo("/api/x/龄");
    }

    @Test
    void aPathThatCannotBeReadIsNull() {
        assertThat(InternalEndpointsFilter.normalise("/api/x/%zz")).isNull();
        assertThat(InternalEndpointsFilter.normalise("/api/x/%6")).isNull();
        assertThat(InternalEndpointsFilter.normalise("/api/../../etc")).isNull();
    }

    @Test
    void onlyTheThirdSegmentOfAnApiPathMakesItInternal() {
        assertThat(InternalEndpointsFilter.isInternal("/api/catalog/internal")).isTrue();
        assertThat(InternalEndpointsFilter.isInternal("/api/catalog/actuator/health")).isTrue();
        assertThat(InternalEndpointsFilter.isInternal("/api/catalog/items/internal")).isFalse();
        assertThat(InternalEndpointsFilter.isInternal("/api/catalog")).isFalse();
        assertThat(InternalEndpointsFilter.isInternal("/internal/x")).isFalse();
    }
}
