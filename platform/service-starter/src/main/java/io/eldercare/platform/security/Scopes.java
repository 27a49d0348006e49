package io.eldercare.platform.security;

/**
 * The OAuth scopes one service's client may be granted to act on another ({@link Actor#requireServiceScope}); the
 * issuer grants each client only what it needs (see auth-server's application.yml).
 */
public final class Scopes {

    /** Hold, keep or release money in an elder's wallet: the work-order service only. */
    public static final String WALLET_HOLD = "wallet.hold";
    /** Read providers, their coverage and their staff's qualifications. */
    public static final String CATALOG_READ = "catalog.read";
    /** Re-encrypt elders' files after a key rotation: an operations client, none of the services. */
    public static final String PRIVACY_REENCRYPT = "privacy.reencrypt";

    private Scopes() {
    }
}
