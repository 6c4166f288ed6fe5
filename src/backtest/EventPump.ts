import { Effect } from "effect"
import type { ExchangeEvent } from "../exchange/Exchange.ts"

/**
 * The venue's events in publication order, routed by the driver itself at fixed points of each step instead of by
 * a subscriber fiber: what the executor has seen before a tick never depends on fiber scheduling. Feed it from
 * `SimExchange`'s `onPublish`.
 */
export interface EventPump {
  readonly push: (events: ReadonlyArray<ExchangeEvent>) => void
  /**
   * Routes every queued event, oldest first, until none is left: events that routing itself causes (the stop
   * placed when an entry fills, say) are queued behind and routed in the same drain.
   */
  readonly drain: <R>(route: (event: ExchangeEvent) => Effect.Effect<void, never, R>) => Effect.Effect<number, never, R>
}

export const makeEventPump = (): EventPump => {
  const queue: Array<ExchangeEvent> = []
  return {
    push: (events) => {
      queue.push(...events)
    },
    drain: (route) =>
      Effect.gen(function* () {
        let routed = 0
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          yield* route(next)
          routed++
        }
        return routed
      })
  }
}
