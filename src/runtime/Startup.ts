import { Duration, Effect, Schedule, Schema } from "effect"
import { Exchange } from "../exchange/Exchange.ts"

/** The venue's private feed did not deliver its first snapshots in time: trading cannot start blind. */
export class VenueNotSynced extends Schema.TaggedError<VenueNotSynced>()("VenueNotSynced", {
  waitedSeconds: Schema.Number,
  lastError: Schema.String
}) {
  override get message(): string {
    return `the exchange did not report account, positions and open orders within ${this.waitedSeconds} s: ${this.lastError}`
  }
}

const SYNC_TIMEOUT = Duration.seconds(30)
const SYNC_POLL = Schedule.spaced(Duration.millis(200)).pipe(Schedule.upTo(SYNC_TIMEOUT))

/**
 * The `syncing` phase: waits until the venue answers every state query (account, positions, open orders), so the
 * first tick never acts on "unknown". Fails with `VenueNotSynced` after 30 s.
 */
export const awaitVenueSync = Effect.gen(function* () {
  const exchange = yield* Exchange
  const snapshot = Effect.all({
    account: exchange.account,
    positions: exchange.positions,
    openOrders: exchange.openOrders
  })
  return yield* snapshot.pipe(
    Effect.retry(SYNC_POLL),
    Effect.mapError(
      (last) => new VenueNotSynced({ waitedSeconds: Duration.toSeconds(SYNC_TIMEOUT), lastError: last.message })
    )
  )
})
