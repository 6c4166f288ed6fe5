/**
 * The next request nonce (ms since epoch): the clock when it is ahead of the last nonce, else last + 1, so nonces
 * never repeat or go backwards even if the clock steps back or two calls share a millisecond. Seed `last` with
 * the persisted nonce at start so a restart continues the sequence Kraken has seen for the key.
 */
export const nextNonce = (last: number, nowMs: number): number => Math.max(last + 1, Math.floor(nowMs))
