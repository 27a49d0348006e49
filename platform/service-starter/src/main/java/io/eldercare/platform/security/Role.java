package io.eldercare.platform.security;

/** Who a caller is to the platform; each user has one role and the scope that goes with it. */
public enum Role {
    /** An elder, acting for themself. Scope: the elder. */
    ELDER,
    /** An elder's agent (家属). Scope: the elder they act for. */
    FAMILY,
    /** 社区（村）工作人员. Scope: a community. */
    COMMUNITY_WORKER,
    /** 街道（乡镇）审核人员. Scope: a street (township). */
    STREET_REVIEWER,
    /** The district civil-affairs bureau (区民政局). Scope: a region. */
    DISTRICT_ADMIN,
    /** A provider's administrator. Scope: a provider. */
    PROVIDER_ADMIN,
    /** A provider's caregiver. Scope: a provider, and only orders assigned to them. */
    CAREGIVER,
    /** The call centre (话务员). Scope: a region. */
    OPERATOR,
    /** A third-party quality assessor. Scope: a region. */
    ASSESSOR,
    /** Read-only auditor. Scope: a region. */
    AUDITOR,
    /** Another service of the platform, by client credentials. */
    SERVICE
}
