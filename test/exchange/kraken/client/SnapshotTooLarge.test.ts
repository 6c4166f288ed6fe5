import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { awaitItem } from "../../../support/kraken/Await.ts"
import type { Frame } from "../../../support/kraken/UwsServer.ts"
import { harness, isEvent, XBT } from "./KrakenExchangeSupport.ts"

const now = () => new Date().toISOString()

/** The venue's answer to a positions subscription whose snapshot is too large: an ack, then empty lists. */
const tooLarge = (frame: Frame, where: "message" | "data") => [
  {
    method: frame.method,
    req_id: frame.req_id,
    success: true,
    result: { channel: "positions" },
    time_in: now(),
    time_out: now()
  },
  {
    channel: "positions",
    type: "snapshot",
    data: { futures: [], options: [], ...(where === "data" ? { snapshot_too_large: true } : {}) },
    ...(where === "message" ? { snapshot_too_large: true } : {})
  }
]

const isPositionsSubscribe = (frame: Frame) =>
  frame.method === "subscribe" && (frame.params as Record<string, unknown> | undefined)?.channel === "positions"

describe("positions snapshot_too_large", () => {
  for (const where of ["message", "data"] as const) {
    it.scopedLive(`K67 (${where} flag) empty lists are not taken for flat: the feed resubscribes and syncs`, () =>
      Effect.gen(function* () {
        let refused = 0
        const h = yield* harness(
          {
            intercept: (frame, venue) => {
              if (!isPositionsSubscribe(frame) || refused > 0) return undefined
              refused++
              venue.positions = [{ symbol: "PF_XBTUSD", size: 0.5, entry_price: 60000 }]
              return tooLarge(frame, where)
            }
          },
          undefined,
          false
        )
        const synced = yield* awaitItem(h.events, isEvent("Resynced"))
        expect(synced._tag).toBe("Resynced")
        expect(h.venue.connections()).toBe(2)
        const positions = yield* h.exchange.positions
        expect(positions.map((p) => [p.symbol, p.side, p.size.toString()])).toEqual([[XBT, "long", "0.5"]])
      })
    )
  }
})
