package io.eldercare.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Spring Authorization Server: authorization code with PKCE for the web and mobile clients, client credentials for
 * the services, RS256 access tokens whose {@code role} and scope claims the services authorise by, signed with the
 * keys of {@link SigningKeyConfig}.
 */
@Configuration
public class AuthorizationServerConfig {

    static final String WEB_CLIENT = "eldercare-web";
    /** The {@code typ} header of access tokens (RFC 9068), which the services require. */
    static final String ACCESS_TOKEN_TYPE = "at+jwt";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationEndpoints(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> server.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain login(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(AuthProperties properties, PasswordEncoder encoder) {
        String password = encoder.encode(properties.demoPassword());
        return new InMemoryUserDetailsManager(properties.users().stream()
                .map(u -> User.withUsername(u.username()).password(password).roles(u.role()).build())
                .toList());
    }

    @Bean
    RegisteredClientRepository clients(AuthProperties properties, PasswordEncoder encoder) {
        RegisteredClient web = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(WEB_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(properties.webRedirectUris()))
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(30)).build())
                .build();
        List<RegisteredClient> clients = new ArrayList<>(List.of(web));
        for (AuthProperties.ServiceClient service : properties.serviceClients()) {
            if (service.secret() == null || service.secret().isBlank()) {
                throw new IllegalStateException("eldercare.auth.service-clients: " + service.id() + " has no secret");
            }
            clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(service.id())
                    .clientSecret(encoder.encode(service.secret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scopes(scopes -> scopes.addAll(service.scopes()))
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(10)).build())
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    /**
     * Access tokens only (RFC 9068): header {@code typ: at+jwt}, the audience every service expects, the client and
     * the role and scope claims. ID tokens keep the client as their audience and carry none of these, so no service
     * accepts one as an access token.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> roleAndScopeClaims(AuthProperties properties) {
        Map<String, AuthProperties.DemoUser> byName = properties.users().stream()
                .collect(Collectors.toMap(AuthProperties.DemoUser::username, Function.identity()));
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            context.getJwsHeader().type(ACCESS_TOKEN_TYPE);
            context.getClaims().audience(List.of(properties.audience()));
            context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                context.getClaims().claim("role", "SERVICE");
                if (context.getAuthorizedScopes().isEmpty() && !context.getRegisteredClient().getScopes().isEmpty()) {
                    // a service that asks for no scope gets its client's, never another's
                    context.getClaims().claim("scope", List.copyOf(context.getRegisteredClient().getScopes()));
                }
                return;
            }
            AuthProperties.DemoUser user = byName.get(context.getPrincipal().getName());
            if (user == null) {
                return;
            }
            context.getClaims().claim("role", user.role());
            Map<String, String> scope = new LinkedHashMap<>();
            scope.put("region", user.region());
            scope.put("street", user.street());
            scope.put("community", user.community());
            scope.put("provider", user.provider());
            scope.put("elder", user.elder());
            scope.put("staff", user.staff());
            scope.entrySet().stream().filter(e -> Objects.nonNull(e.getValue()))
                    .forEach(e -> context.getClaims().claim(e.getKey(), e.getValue()));
        };
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }
}
