import { Duration, Effect, Schedule, Schema } from "effect"
import { Exchange } from "../exchange/Exchange.ts"
import { ProtectionService } from "../execution/ProtectionService.ts"

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

/**
 * The start-up safety gate (runtime-and-ops §1.7), before the first tick loads its history: every managed
 * position without working stops for its size gets its stop re-placed now. After a crash between an entry's
 * fill and its stop, this is what shortens the time the position stands unprotected to the start-up itself.
 * A venue that cannot answer now is left to the first tick's protection check.
 */
export const protectBeforeFirstTick = Effect.gen(function* () {
  const repaired = yield* Effect.flatMap(ProtectionService, (p) => p.repair)
  if (repaired.length > 0) {
    yield* Effect.logWarning(`start-up: stop re-placed for ${repaired.length} position(s): ${repaired.join(", ")}`)
  }
}).pipe(
  Effect.catchAll((error) =>
    Effect.logWarning(`start-up protection check failed, the first tick repeats it: ${error.message}`)
  )
)
