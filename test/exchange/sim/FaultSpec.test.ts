import { Command, HelpDoc, ValidationError } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { simServerCommand } from "../../../src/cli/SimServerCommand.ts"
import { testConfig } from "../../../src/config/TestConfig.ts"
import { formatFaultSpec, parseFaultSpec } from "../../../src/exchange/sim/faults/FaultSpec.ts"
import { startSimVenueServer } from "../../../src/exchange/sim/server/RunSimServer.ts"

const refusal = (text: string): string =>
  Either.match(parseFaultSpec(text), { onLeft: (e) => e.message, onRight: () => "accepted" })

describe("--faults kind=rate,...", () => {
  it("reads every kind into the fault settings, with defaults for latency and gap size", () => {
    expect(
      parseFaultSpec(
        "latency=0.2:250, http5xx=0.05,rateLimit=0.1,timeout=0.01,wsDrop=0.02,wsStall=0.03," +
          "orderReject=0.5,partialFill=0.5,priceGap=0.001:3"
      )
    ).toEqual(
      Either.right({
        latency: { rate: 0.2, ms: 250 },
        http5xx: { rate: 0.05 },
        rateLimit: { rate: 0.1 },
        timeout: { rate: 0.01 },
        wsDrop: { rate: 0.02 },
        wsStall: { rate: 0.03 },
        orderReject: { rate: 0.5 },
        partialFill: { fillRatio: "0.5" },
        priceGap: { rate: 0.001, pct: 3 }
      })
    )
    expect(parseFaultSpec("latency=1,priceGap=0")).toEqual(
      Either.right({ latency: { rate: 1, ms: 500 }, priceGap: { rate: 0, pct: 2 } })
    )
    expect(parseFaultSpec("")).toEqual(Either.right({}))
  })

  it("prints settings back in the same grammar", () => {
    const text = "latency=0.2:250,http5xx=0.05,partialFill=0.5,priceGap=0.001:3"
    expect(Either.map(parseFaultSpec(text), formatFaultSpec)).toEqual(Either.right(text))
    expect(formatFaultSpec({})).toBe("")
  })

  it("refuses with a typed error naming the entry, the kind and the bad rate", () => {
    const error = Either.flip(parseFaultSpec("http5xx=0.1,wsDrop=1.5"))
    expect(Either.map(error, (e) => [e._tag, e.entry, e.kind])).toEqual(
      Either.right(["FaultSpecError", "wsDrop=1.5", "wsDrop"])
    )
    expect(refusal("wsDrop=1.5")).toBe('fault "wsDrop=1.5": wsDrop: rate "1.5" is not a number in [0, 1]')
    expect(refusal("http5xx=-0.1")).toContain('rate "-0.1" is not a number in [0, 1]')
    expect(refusal("http5xx=lots")).toContain('rate "lots"')
    expect(refusal("latncy=0.1")).toContain('unknown fault kind "latncy" (known: http5xx, rateLimit')
    expect(refusal("latency")).toContain("expected kind=rate")
    expect(refusal("latency=0.1:0")).toContain('latency: milliseconds "0" is not a positive number')
    expect(refusal("http5xx=0.1:5")).toContain('http5xx: unexpected "0.1:5"')
    expect(refusal("partialFill=0")).toContain('fill ratio "0" is not a number in (0, 1]')
    expect(refusal("timeout=0.1,timeout=0.2")).toBe('fault "timeout=0.2": timeout: given twice')
  })

  it.effect("the sim-server command refuses a bad --faults before starting, naming the kind", () =>
    Effect.gen(function* () {
      const run = Command.run(simServerCommand, { name: "trading", version: "test" })
      const error = yield* Effect.flip(run(["node", "trading", "--port", "0", "--faults", "orderReject=2"]))
      expect(ValidationError.isValidationError(error) && error._tag).toBe("InvalidValue")
      const text = "error" in error ? HelpDoc.toAnsiText(error.error) : ""
      expect(text).toContain('--faults fault "orderReject=2": orderReject: rate "2" is not a number in [0, 1]')
    }).pipe(Effect.provide(NodeContext.layer))
  )

  it.scoped("the server runs with the parsed faults (every HTTP request answered 503)", () =>
    Effect.gen(function* () {
      const faults = parseFaultSpec("http5xx=1")
      if (Either.isLeft(faults)) return expect.unreachable(faults.left.message)
      const running = yield* startSimVenueServer({
        port: 0,
        seed: 3,
        data: "synthetic",
        speed: 1,
        symbols: ["BTC/USD"],
        faults: faults.right
      })
      const status = yield* Effect.promise(() =>
        fetch(`${running.server.url}/0/public/AssetPairs`).then((r) => r.status)
      )
      expect(status).toBe(503)
    }).pipe(Effect.provide(NodeContext.layer))
  )

  it("exchange.sim.faults takes the same grammar; a bad entry fails the configuration naming key and kind", () => {
    const config = testConfig({ config: { exchange: { sim: { faults: "orderReject=0.5,partialFill=0.25" } } } })
    expect(Either.map(config, (c) => c.exchange.sim.faults)).toEqual(
      Either.right({ orderReject: { rate: 0.5 }, partialFill: { fillRatio: "0.25" } })
    )
    expect(Either.map(testConfig(), (c) => c.exchange.sim.faults)).toEqual(Either.right({}))
    const refused = Either.flip(testConfig({ config: { exchange: { sim: { faults: "wsStall=7" } } } }))
    const message = Either.match(refused, { onLeft: () => "", onRight: (e) => e.message })
    expect(message).toContain("exchange.sim.faults")
    expect(message).toContain('wsStall: rate "7" is not a number in [0, 1]')
  })
})
