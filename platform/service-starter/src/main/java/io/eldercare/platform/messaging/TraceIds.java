package io.eldercare.platform.messaging;

/** Where the request id travels: the HTTP header, the Kafka header and the logging MDC key. */
public final class TraceIds {

    public static final String HTTP_HEADER = "X-Request-Id";
    public static final String KAFKA_HEADER = "traceId";
    public static final String MDC_KEY = "traceId";

    private TraceIds() {
    }
}
