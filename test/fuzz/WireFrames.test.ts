import { Either, FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { KrakenDecodeError } from "../../src/exchange/kraken/wire/DecodeError.ts"
import { decodeClientFrame, decodeServerFrame } from "../../src/exchange/kraken/wire/Incoming.ts"
import { JsonNumber, MAX_FRAME_DEPTH, parseFrame, stringifyFrame } from "../../src/exchange/kraken/wire/Json.ts"
import { decimalText, FUZZ_RUNS, FUZZ_SEED } from "./arbitraries.ts"
import { hostileValue, leafPaths, related, replaceAt } from "./jsonPaths.ts"

const run = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED }

const VALID_SERVER = [
  '{"channel":"heartbeat"}',
  '{"channel":"positions","type":"update","data":{"futures":[{"symbol":"PF_XBTUSD","size":0,"entry_price":0}],"options":[]}}',
  '{"channel":"margin","type":"single_collateral","data":[{"currency":"USD","pnl":-1.5}]}',
  '{"method":"cancel_all","req_id":3,"success":true,"result":{"count":2},"time_in":"t","time_out":"t"}',
  '{"method":"pong","req_id":4}'
]
const VALID_CLIENT = [
  '{"method":"ping","req_id":1}',
  '{"method":"add_order","params":{"asset_class":"derivatives","order_type":"market","side":"buy","symbol":"PF_XBTUSD","order_qty":0.001,"token":"t"}}',
  '{"method":"amend_order","params":{"cl_ord_id":"c","trigger_price":58000.5,"asset_class":"derivatives","token":"t"}}',
  '{"method":"cancel_all_orders_after","params":{"timeout":0,"token":"t"}}'
]

/** Either a value or a typed decode error; anything thrown fails the property. */
const expectTyped = (result: Either.Either<unknown, KrakenDecodeError>) => {
  expect(Either.isEither(result)).toBe(true)
  if (Either.isLeft(result)) {
    expect(result.left).toBeInstanceOf(KrakenDecodeError)
    expect(result.left.message).toContain(result.left.source)
  }
}

const DISCRIMINATORS = ["channel", "type", "method", "success", ""]

type Decoder = (text: string) => Either.Either<unknown, KrakenDecodeError>
const decoders: ReadonlyArray<Decoder> = [decodeServerFrame, decodeClientFrame]

/** A ticker frame whose data is `n` levels of arrays or objects deep. */
const nested = (n: number, open: "[" | '{"a":'): string =>
  `{"channel":"ticker","type":"update","data":${open.repeat(n)}1${(open === "[" ? "]" : "}").repeat(n)}}`

describe("Kraken wire frames under bad input", () => {
  it("parseFrame accepts exactly what JSON.parse accepts, never throwing", () => {
    const text = fc.oneof(
      fc.json(),
      fc.string(),
      fc.string({ unit: fc.constantFrom(...'{}[]",:0123456789.eE-+tfn\\ ') })
    )
    fc.assert(
      fc.property(text, (t) => {
        const parsed = parseFrame(t)
        let valid = true
        try {
          JSON.parse(t)
        } catch {
          valid = false
        }
        expect(Either.isRight(parsed)).toBe(valid)
      }),
      run
    )
  })

  it("decodes random JSON, random text and truncated valid frames to a value or a typed error", () => {
    const truncated = fc
      .constantFrom(...VALID_SERVER, ...VALID_CLIENT)
      .chain((t) => fc.nat({ max: t.length - 1 }).map((n) => t.slice(0, n)))
    const input = fc.oneof(fc.json(), fc.string(), truncated)
    fc.assert(
      fc.property(input, (t) => {
        for (const decode of decoders) expectTyped(decode(t))
      }),
      run
    )
  })

  it("refuses a hostile value in any field of a valid frame, naming that field", () => {
    const cases: ReadonlyArray<{ readonly t: string; readonly decode: Decoder }> = [
      ...VALID_SERVER.map((t) => ({ t, decode: decodeServerFrame })),
      ...VALID_CLIENT.map((t) => ({ t, decode: decodeClientFrame }))
    ]
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(), hostileValue, ({ t, decode }, pick, value) => {
        const parsed = Either.getOrThrow(parseFrame(t))
        const paths = leafPaths(parsed)
        const path = paths[pick % paths.length] ?? []
        const result = decode(stringifyFrame(replaceAt(parsed, path, value)))
        expectTyped(result)
        // The error names the replaced field (or the field holding it), or a discriminator when the union could not
        // choose a member any more.
        if (Either.isLeft(result)) {
          const named = result.left.path
          expect(related(named, path) || DISCRIMINATORS.includes(named), `${named} vs ${path.join(".")}`).toBe(true)
        }
      }),
      run
    )
  })

  it("survives deep nesting (up to 2000 levels) and huge numbers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), fc.constantFrom<"[" | '{"a":'>("[", '{"a":'), (n, open) => {
        for (const decode of decoders) expectTyped(decode(nested(n, open)))
        expectTyped(decodeServerFrame(nested(n, open).slice(0, -1 - (n % 7))))
      }),
      { ...run, numRuns: 50 }
    )
    const huge = '{"channel":"margin","type":"single_collateral","data":[{"currency":"USD","pnl":1e999999}]}'
    expectTyped(decodeServerFrame(huge))
  })

  // Found by this fuzzing: formatting the refusal of a ~5000-deep value overflowed the stack; frames nested deeper
  // than MAX_FRAME_DEPTH are now refused before parsing.
  it("refuses a 10000-deep frame with a typed error naming the depth", () => {
    const decoded = decodeServerFrame(nested(10_000, "["))
    expectTyped(decoded)
    expect(Either.isLeft(decoded) && decoded.left.message).toContain(`nested deeper than ${MAX_FRAME_DEPTH} levels`)
  })

  it("keeps random decimals exact both ways", () => {
    fc.assert(
      fc.property(decimalText, (d) => {
        const text = stringifyFrame({ price: new JsonNumber(d), qty: [new JsonNumber(d)] })
        expect(text).toBe(`{"price":${d},"qty":[${d}]}`)
        const back = Either.getOrThrow(parseFrame(text))
        const exactAsFloat = /^-?\d+$/.test(d) && Number.isSafeInteger(Number(d))
        const expected = exactAsFloat ? Number(d) : d
        expect(back).toEqual({ price: expected, qty: [expected] })
      }),
      run
    )
  })
})
