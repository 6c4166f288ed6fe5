import { Either, FastCheck as fc, Option } from "effect"
import { describe, expect, it } from "vitest"
import { applyPrivate } from "../../src/exchange/kraken/client/PrivateFeed.ts"
import { applyPublic, emptyPublicFeed } from "../../src/exchange/kraken/client/PublicFeed.ts"
import { KrakenDecodeError } from "../../src/exchange/kraken/wire/DecodeError.ts"
import type { ChannelData } from "../../src/exchange/kraken/wire/Incoming.ts"
import { FUZZ_RUNS, FUZZ_SEED } from "./arbitraries.ts"
import { hostileValue, leafPaths, related, replaceAt } from "./jsonPaths.ts"
import { decodeChannel, PRIVATE_FRAMES, PUBLIC_FRAMES, parsed, syncedFeed } from "./krakenFrames.ts"

const run = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED }

const FRAMES = [...Object.values(PRIVATE_FRAMES), ...Object.values(PUBLIC_FRAMES)].map(parsed)

/** A valid frame with one field replaced by a hostile value or removed; `path` is where. */
const corrupted = fc
  .tuple(fc.constantFrom(...FRAMES), fc.nat(), fc.option(hostileValue, { nil: undefined, freq: 5 }))
  .map(([frame, pick, value]) => {
    const paths = leafPaths(frame)
    const path = paths[pick % paths.length] ?? []
    return { path, value: replaceAt(frame, path, value) }
  })

/** The adapter's two pure steps over a decoded message: neither may throw, whatever decoded. */
const applyBoth = (message: ChannelData) => {
  const applied = applyPrivate(syncedFeed(), 1, message, 1_767_225_600_000)
  const feed = applyPublic(emptyPublicFeed, message, 1_767_225_600_000)
  return { applied, feed }
}

// The connection's discriminators: a union member could not be chosen any more.
const DISCRIMINATORS = ["channel", "type", ""]

describe("Unified WebSocket channel frames through the adapter's decoders", () => {
  it("every valid frame decodes and applies", () => {
    for (const frame of FRAMES) {
      const decoded = decodeChannel(frame)
      expect(Either.isRight(decoded), JSON.stringify(Either.getLeft(decoded))).toBe(true)
      if (Either.isRight(decoded)) expect(() => applyBoth(decoded.right)).not.toThrow()
    }
  })

  it("a hostile or missing field is a typed error naming it, or a message the feeds apply without throwing", () => {
    fc.assert(
      fc.property(corrupted, ({ path, value }) => {
        const decoded = decodeChannel(value)
        if (Either.isLeft(decoded)) {
          expect(decoded.left).toBeInstanceOf(KrakenDecodeError)
          const named = decoded.left.path
          expect(related(named, path) || DISCRIMINATORS.includes(named), `${named} vs ${path.join(".")}`).toBe(true)
          return
        }
        const { applied } = applyBoth(decoded.right)
        // What the private feed accepted is still decimal-exact and finite
        for (const position of applied.feed.positions.values()) expect(position.size.isFinite()).toBe(true)
      }),
      run
    )
  })

  it("refuses a contract grid that is not positive, naming the field", () => {
    for (const field of ["price_increment", "qty_increment"]) {
      for (const bad of [0, -0.5, "0"]) {
        const frame = replaceAt(parsed(PUBLIC_FRAMES.instrument), ["data", "pairs", "0", field], bad)
        const decoded = decodeChannel(frame)
        expect(Either.isLeft(decoded), `${field}=${bad} accepted`).toBe(true)
        if (Either.isLeft(decoded)) expect(decoded.left.path).toBe(`data.pairs.0.${field}`)
      }
    }
    const negativeMin = replaceAt(parsed(PUBLIC_FRAMES.instrument), ["data", "pairs", "0", "qty_min"], -1)
    expect(Either.getLeft(decodeChannel(negativeMin)).pipe(Option.map((e) => e.path))).toEqual(
      Option.some("data.pairs.0.qty_min")
    )
  })

  it("applies a 200,000-order executions snapshot without overflowing the stack", () => {
    const one = Either.getOrThrow(decodeChannel(parsed(PRIVATE_FRAMES.executionsSnapshot)))
    if (one.channel !== "executions") throw new Error("not an executions frame")
    const template = one.data[0]
    if (template === undefined) throw new Error("empty snapshot")
    const data = Array.from({ length: 200_000 }, (_, i) => ({ ...template, order_id: `o-${i}`, cl_ord_id: `c-${i}` }))
    const { applied } = applyBoth({ ...one, data })
    expect(applied.feed.orders.size).toBe(200_000)
  })
})
