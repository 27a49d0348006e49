package io.eldercare.events;

/** When unspent subsidy leaves a wallet. */
public enum ResetRule {
    /** 嘉峪关: 服务补助当月清零不累计. */
    MONTHLY,
    /** 黄陂: 电子钱包在周年对应日清零 (and on death or hukou move). */
    ANNIVERSARY
}
