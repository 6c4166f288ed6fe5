import { Effect, Ref } from "effect"
import type { SpotSymbol } from "../../domain/Symbols.ts"

/** A symbol with an open paper position or working order that a price poll left without a price, and why. */
export interface Unpriced {
  readonly symbol: SpotSymbol
  readonly reason: string
}

/**
 * Tells the operator when a symbol with an open paper position or working order gets no Kraken price: its stops
 * and take-profits cannot trigger. A warning once each time a symbol goes unpriced, not every poll (paper money:
 * the log is enough; the venue layer is built beside the operator surfaces, without an alert sink).
 */
export const makeUnpricedWatch = Effect.gen(function* () {
  const told = yield* Ref.make<ReadonlySet<SpotSymbol>>(new Set())
  return (unpriced: ReadonlyArray<Unpriced>) =>
    Effect.gen(function* () {
      const now = new Set(unpriced.map((u) => u.symbol))
      const before = yield* Ref.getAndSet(told, now)
      for (const { symbol, reason } of unpriced.filter((u) => !before.has(u.symbol))) {
        const message =
          `paper venue: ${symbol} has an open paper position or order but no Kraken price (${reason}); ` +
          "its stops and take-profits cannot trigger"
        yield* Effect.logWarning(message)
      }
      const resolved = [...before].filter((symbol) => !now.has(symbol))
      if (resolved.length > 0) yield* Effect.logInfo(`paper venue: ${resolved.join(", ")} priced again or flat`)
    })
})
