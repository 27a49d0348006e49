package io.eldercare.platform.privacy;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Field encryption and blind indexes for services that hold personal data (those that set the keys). */
@AutoConfiguration
@EnableConfigurationProperties(PrivacyProperties.class)
@ConditionalOnProperty(prefix = "eldercare.privacy", name = "current-key")
public class PrivacyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FieldCipher fieldCipher(PrivacyProperties properties) {
        return new FieldCipher(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    BlindIndex blindIndex(PrivacyProperties properties) {
        return new BlindIndex(properties);
    }
}
