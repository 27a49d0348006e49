/**
 * The double-entry ledger: wallets, holds, postings and ledger entries, and the rules that keep balances and
 * holds consistent.
 */
package io.eldercare.wallet.ledger;
