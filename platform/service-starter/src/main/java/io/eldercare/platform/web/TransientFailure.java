package io.eldercare.platform.web;

import java.io.IOException;
import java.util.function.Predicate;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/**
 * Failures that may pass on a second try: no answer, a timeout, a reset connection, a 5xx. The platform's
 * {@code resilience4j.retry.configs.default.retry-exception-predicate}; a 4xx, an open breaker or a passed deadline
 * is not one.
 */
public class TransientFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResourceAccessException || t instanceof HttpServerErrorException
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
