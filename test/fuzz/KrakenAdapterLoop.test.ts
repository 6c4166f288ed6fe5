import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc, Logger, Option, Queue } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import type { ExchangeEvent } from "../../src/exchange/Exchange.ts"
import { JsonNumber, stringifyFrame } from "../../src/exchange/kraken/wire/Json.ts"
import { harness, isEvent, XBT } from "../exchange/kraken/client/KrakenExchangeSupport.ts"
import { FUZZ_SEED } from "./arbitraries.ts"
import { hostileValue, leafPaths, replaceAt } from "./jsonPaths.ts"
import { decodeChannel, PRIVATE_FRAMES, PUBLIC_FRAMES, parsed } from "./krakenFrames.ts"

// The real adapter (`makeKrakenExchange`) against loopback Unified WebSocket servers: hostile frames go over the
// socket, then a good message must still be processed. The pure decoders get hundreds of cases in
// KrakenFeeds.test.ts; each case here costs a round trip (and a reconnect when the frame is refused), so a few dozen.

const CASES = 24

/** `count` valid frames of `frames`, each with one field replaced by a hostile value or removed. */
const hostileFrames = (frames: ReadonlyArray<string>, count: number) =>
  fc.sample(
    fc
      .tuple(fc.constantFrom(...frames.map(parsed)), fc.nat(), fc.option(hostileValue, { nil: undefined, freq: 5 }))
      .map(([frame, pick, value]) => {
        const paths = leafPaths(frame)
        // As the adapter will read it: numbers a double cannot hold exactly arrive as their text
        return parsed(stringifyFrame(replaceAt(frame, paths[pick % paths.length] ?? [], value)))
      }),
    { seed: FUZZ_SEED, numRuns: count }
  )

/** What the connection's decoders say about a frame: the path the refusal names, or None when it decodes. */
const refusedAt = (frame: unknown): Option.Option<string> =>
  Either.getLeft(decodeChannel(frame)).pipe(Option.map((error) => error.path))

/** Log lines of the test's fibers (the adapter's included), to see what it said about each frame. */
const collectLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ message }) => {
    lines.push((Array.isArray(message) ? message : [message]).map(String).join(" "))
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

/** Repeats `push` every 100 ms until `done` holds (a refused private frame reconnects the feed meanwhile). */
const until = (push: () => void, done: Effect.Effect<boolean>) =>
  Effect.gen(function* () {
    for (let attempt = 0; attempt < 60; attempt++) {
      push()
      const deadline = Date.now() + 100
      while (Date.now() < deadline) {
        if (yield* done) return true
        yield* Effect.sleep("10 millis")
      }
    }
    return false
  })

const positionUpdate = (size: string) => ({
  channel: "positions",
  type: "update",
  data: { futures: [{ symbol: "PF_XBTUSD", size: new JsonNumber(size), entry_price: 50000 }], options: [] }
})

const sawSize = (events: Queue.Dequeue<ExchangeEvent>, size: string) =>
  Effect.map(Queue.takeAll(events), (taken) =>
    [...taken].some(
      (e) => isEvent("PositionChanged")(e) && Option.isSome(e.position) && e.position.value.size.eq(new Decimal(size))
    )
  )

describe("the Kraken adapter under hostile frames over a loopback Unified WebSocket", () => {
  it.live(
    "a hostile private frame is logged naming its field and resyncs the feed; the next good message is processed",
    () => {
      const logs = collectLogs()
      return Effect.gen(function* () {
        const h = yield* harness()
        const frames = hostileFrames(Object.values(PRIVATE_FRAMES), CASES)
        let refused = 0
        for (const [i, frame] of frames.entries()) {
          const before = logs.lines.length
          const connections = h.venue.connections()
          h.venue.push(frame)
          const size = String(i + 1)
          // The venue's state agrees with the good update, so a resync's snapshot says the same
          h.venue.positions = [{ symbol: "PF_XBTUSD", size: new JsonNumber(size), entry_price: 50000 }]
          const processed = yield* until(() => h.venue.push(positionUpdate(size)), sawSize(h.events, size))
          expect(processed, `no good message processed after ${JSON.stringify(frame)}`).toBe(true)
          // A refusal reconnects: the next hostile frame must reach the new connection, once it is trusted again
          const trusted = Effect.map(Effect.either(h.exchange.positions), (p) => Either.isRight(p))
          expect(yield* until(() => {}, trusted)).toBe(true)
          const named = refusedAt(frame)
          if (Option.isSome(named)) {
            refused++
            const said = logs.lines.slice(before).join("\n")
            expect(said, `${stringifyFrame(frame)} refused at ${named.value}`).toContain("frame undecodable")
            expect(said).toContain(`at ${named.value === "" ? "(root)" : named.value}`)
            expect(h.venue.connections(), "a refused private frame resyncs on a new connection").toBeGreaterThan(
              connections
            )
          }
        }
        // Most corruptions are refused, and every refusal resynced the feed, which still answers
        expect(refused).toBeGreaterThan(CASES / 3)
        const positions = yield* h.exchange.positions
        expect(positions.find((p) => p.symbol === XBT)?.size.toString()).toBe(String(frames.length))
      }).pipe(Effect.provide(logs.layer), Effect.scoped)
    },
    60_000
  )

  it.live(
    "a hostile public frame is logged and dropped; the next good ticker is served",
    () => {
      const logs = collectLogs()
      return Effect.gen(function* () {
        const h = yield* harness()
        const frames = hostileFrames(Object.values(PUBLIC_FRAMES), CASES)
        const connections = h.market.connections()
        let refused = 0
        for (const [i, frame] of frames.entries()) {
          const before = logs.lines.length
          h.market.push(frame)
          const last = 60_000 + i
          const good = replaceAt(parsed(PUBLIC_FRAMES.ticker), ["data", "0", "last"], last)
          const served = yield* until(
            () => h.market.push(good),
            Effect.map(Effect.either(h.exchange.ticker(XBT)), (t) => Either.isRight(t) && t.right.last.eq(last))
          )
          expect(served, `no good ticker served after ${JSON.stringify(frame)}`).toBe(true)
          const named = refusedAt(frame)
          if (Option.isSome(named)) {
            refused++
            const said = logs.lines.slice(before).join("\n")
            expect(said, `${stringifyFrame(frame)} refused at ${named.value}`).toContain("frame undecodable")
            expect(said).toContain(`at ${named.value === "" ? "(root)" : named.value}`)
          }
        }
        expect(refused).toBeGreaterThan(CASES / 3)
        // Public frames are dropped, not resynced: the connection stayed up
        expect(h.market.connections()).toBe(connections)
        // The contract grid survived every corrupted instrument snapshot that was refused
        const contracts = yield* h.exchange.contracts
        expect(contracts.every((c) => c.tickSize.gt(0) && c.sizeStep.gt(0))).toBe(true)
      }).pipe(Effect.provide(logs.layer), Effect.scoped)
    },
    60_000
  )
})
