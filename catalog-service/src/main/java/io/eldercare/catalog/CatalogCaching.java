package io.eldercare.catalog;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/** Catalogue answers carry an ETag, so callers revalidate cheaply (If-None-Match → 304) instead of re-reading. */
@Configuration
class CatalogCaching {

    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> etags() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(
                new ShallowEtagHeaderFilter());
        registration.addUrlPatterns("/quotes", "/items", "/policies/*", "/public/*");
        return registration;
    }
}
