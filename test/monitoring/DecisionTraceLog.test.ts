import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { decideCycle } from "../../src/decision/DecideCycle.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { logTickTraces, type TracedSignal, tickTraces } from "../../src/monitoring/DecisionTraceLog.ts"
import * as Logging from "../../src/monitoring/Logging.ts"
import { input, market, settings, signal } from "../decision/DecisionFixtures.ts"

const BTC = SpotSymbol.make("BTC/USD")
const ETH = SpotSymbol.make("ETH/USD")
const SOL = SpotSymbol.make("SOL/USD")
const ADA = SpotSymbol.make("ADA/USD")
const UNIVERSE = [BTC, ETH, SOL, ADA]

const TOKEN = "7123456789:AAHk3Lq9Zr2Xw8Vn5Tb1Yc6Md4Pf7Gh0Js3"

const trade = (symbol: string): TracedSignal & ReturnType<typeof signal> => ({
  _tag: "TradeSignal",
  ...signal(symbol)
})

const noSignal = (symbol: SpotSymbol, reasoning: ReadonlyArray<string>): TracedSignal => ({
  _tag: "NoSignal",
  symbol,
  code: "ADX_BELOW_THRESHOLD",
  score: undefined,
  reasoning
})

/**
 * A tick over four symbols: BTC tradeable with a market (the decision takes it), ETH without a market this tick
 * (refused), SOL with stale data (dropped before the decision), ADA without a setup.
 */
const tick = () => {
  const [btc, eth, sol] = [trade("BTC/USD"), trade("ETH/USD"), trade("SOL/USD")]
  const decision = decideCycle(input({ signals: [btc, eth], markets: [market("BTC/USD")] }), settings)
  return tickTraces({
    symbols: UNIVERSE,
    signals: [btc, eth, sol, noSignal(ADA, ["ADX 14.2 < 20", `leaked ${TOKEN}`])],
    tradable: new Set([BTC, ETH, ADA]),
    decision
  })
}

/** The JSON logging of a configuration with a real-looking bot token, its lines captured. */
const jsonLogging = (decisionTrace: "debug" | "info") => {
  const lines: Array<string> = []
  const layer = Logging.layer((line) => void lines.push(line)).pipe(
    Layer.provide(
      testConfigLayer({
        env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: "4242" },
        config: {
          logging: { format: "json", level: "info", decision_trace: decisionTrace },
          monitoring: { telegram: { enabled: true } }
        }
      })
    )
  )
  return { lines, layer }
}

describe("decision trace per symbol per tick", () => {
  it("says for every symbol what became of it: accepted, refused with stage and reason, stale, no setup", () => {
    const traces = tick()
    expect(traces.map((t) => [t.symbol, t.signal, t.outcome, t.code])).toEqual([
      [BTC, "long", "accepted", undefined],
      [ETH, "long", "rejected", "NO_MARKET"],
      [SOL, "long", "stale", "STALE_DATA"],
      [ADA, "none", "no_signal", "ADX_BELOW_THRESHOLD"]
    ])
    expect(traces[0]).toMatchObject({ score: 70, setup: "ob" })
    expect(traces[1]).toMatchObject({ stage: "market" })
    expect(traces[3]?.reasons[0]).toBe("ADX 14.2 < 20")
  })

  it("a held tick traces every symbol as not analysed", () => {
    const traces = tickTraces({ symbols: UNIVERSE, signals: [], tradable: new Set(), decision: undefined })
    expect(traces.map((t) => [t.symbol, t.outcome, t.code])).toEqual(
      UNIVERSE.map((symbol) => [symbol, "held", "KILL_SWITCH"])
    )
  })

  it.effect("in JSON mode each trace is one JSON object line at info, with its fields and no secret", () => {
    const { lines, layer } = jsonLogging("info")
    return Effect.gen(function* () {
      yield* logTickTraces(7, tick, "info")
      expect(lines).toHaveLength(UNIVERSE.length)
      const records = lines.map((line) => JSON.parse(line))
      expect(records.map((r) => r.annotations.symbol)).toEqual(UNIVERSE)
      expect(records.every((r) => r.level === "INFO" && r.annotations.tick === 7)).toBe(true)
      expect(records[1]).toMatchObject({
        message: "decision ETH/USD: rejected NO_MARKET",
        annotations: { decision_trace: true, outcome: "rejected", stage: "market", code: "NO_MARKET" }
      })
      const text = lines.join("\n")
      expect(text).not.toContain(TOKEN)
      expect(records[3].annotations.reasons[1]).toContain("<redacted>")
    }).pipe(Effect.provide(layer))
  })

  it.effect("at debug the lines stay below the configured info level", () => {
    const { lines, layer } = jsonLogging("debug")
    return Effect.gen(function* () {
      let built = 0
      yield* logTickTraces(
        7,
        () => {
          built++
          return tick()
        },
        "debug"
      )
      yield* Effect.logInfo("tick 7 done")
      expect(lines).toHaveLength(1)
      // Below the level the traces are not even built (the tick's hot path, every backtest bar)
      expect(built).toBe(0)
      expect(lines[0]).toContain("tick 7 done")
    }).pipe(Effect.provide(layer))
  })
})
