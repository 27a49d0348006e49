package io.eldercare.wallet.ledger;

/** Ledger accounts of a wallet; FUNDING is the bureau's side of every credit. */
public enum Account { FUNDING, AVAILABLE, HELD, SPENT, EXPIRED }
