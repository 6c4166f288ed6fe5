import { describe, expect, it } from "@effect/vitest"
import { symbolKey } from "../../src/domain/Symbols.ts"
import {
  evaluateShock,
  initialShockState,
  type ShockParams,
  type ShockQuote,
  type ShockState,
  shockAction
} from "../../src/risk/ShockGuard.ts"
import { d, NOW } from "./RiskFixtures.ts"

const params: ShockParams = {
  shock_guard_enabled: true,
  shock_move_pct: 0.05,
  basis_shock_pct: 0.015,
  shock_cooldown_minutes: 30,
  emergency_buffer_pct: 0.1,
  trim_buffer_pct: 0.18,
  shock_marketwide_count: 3,
  shock_marketwide_window_sec: 60
}

const quote = (symbol: string, mark: number, spot?: number): ShockQuote => ({
  key: symbolKey(symbol),
  mark: d(mark),
  spot: spot === undefined ? undefined : d(spot)
})

/** Feeds (offset seconds, quotes) steps in order and returns the last evaluation. */
const replay = (steps: ReadonlyArray<readonly [number, ReadonlyArray<ShockQuote>]>, p: ShockParams = params) => {
  let state: ShockState = initialShockState
  let last = evaluateShock(state, [], NOW, p)
  for (const [seconds, quotes] of steps) {
    last = evaluateShock(state, quotes, NOW + seconds * 1000, p)
    state = last.state
  }
  return last
}

describe("evaluateShock", () => {
  it("triggers on a 1-minute move above shock_move_pct and pauses entries for the cooldown", () => {
    const calm = replay([
      [0, [quote("BTC/USD", 100)]],
      [60, [quote("BTC/USD", 104.9)]]
    ])
    expect(calm.triggers).toEqual([])
    const shock = replay([
      [0, [quote("BTC/USD", 100)]],
      [61, [quote("PF_XBTUSD", 94.9)]]
    ])
    expect(shock.triggers.map((t) => [t.base, t.kind])).toEqual([["BTC", "move"]])
    expect(shock.entriesPaused).toBe(true)
    expect(evaluateShock(shock.state, [], NOW + 61_000 + 30 * 60_000 - 1, params).entriesPaused).toBe(true)
    expect(evaluateShock(shock.state, [], NOW + 61_000 + 30 * 60_000, params).entriesPaused).toBe(false)
  })

  it("measures against the snapshot aged at least 45 s closest to 60 s", () => {
    const steps = [
      [0, [quote("ETH/USD", 100)]],
      [50, [quote("ETH/USD", 104)]],
      [70, [quote("ETH/USD", 104)]]
    ] as const
    // at 100 s: references are 0 s (age 100), 50 s (age 50); 70 s is too young. 50 s is chosen: +1.9 %
    expect(replay([...steps, [100, [quote("ETH/USD", 106)]]]).triggers).toEqual([])
    expect(replay([...steps, [100, [quote("ETH/USD", 109.3)]]]).triggers.map((t) => t.kind)).toEqual(["move"])
  })

  it("triggers on a mark/spot basis above basis_shock_pct", () => {
    expect(replay([[0, [quote("SOL/USD", 101.5, 100)]]]).triggers).toEqual([])
    expect(replay([[0, [quote("SOL/USD", 101.6, 100)]]]).triggers.map((t) => t.kind)).toEqual(["basis"])
  })

  it("flags a market-wide shock when enough distinct bases trigger within the window", () => {
    const bases = ["BTC", "ETH", "SOL"]
    const at = (offsets: ReadonlyArray<number>) =>
      replay(offsets.map((s, i) => [s, [quote(`${bases[i]}/USD`, 102, 100)]] as const))
    expect(at([0, 10, 20]).marketWide).toBe(true)
    expect(at([0, 10, 80]).marketWide).toBe(false)
    // two quotes of one base count once, the same one whatever their order
    expect(replay([[0, [quote("BTC/USD", 102, 100), quote("PF_XBTUSD", 102, 100)]]]).triggers).toHaveLength(1)
    const twoForms = [quote("BTC/USD", 101, 100), quote("PF_XBTUSD", 102, 100)]
    expect(replay([[0, twoForms]]).triggers).toEqual([])
    expect(replay([[0, [...twoForms].reverse()]]).triggers).toEqual([])
  })

  it("does nothing when disabled", () => {
    const off = { ...params, shock_guard_enabled: false }
    expect(replay([[0, [quote("BTC/USD", 100, 50)]]], off).triggers).toEqual([])
  })
})

describe("shockAction", () => {
  const at = (side: "long" | "short", liq?: number) =>
    shockAction({ side, mark: d(100), liquidationPrice: liq === undefined ? undefined : d(liq) }, params)

  it("closes near liquidation, trims half with a thin buffer, else holds", () => {
    expect(at("long", 91)).toBe("CLOSE")
    expect(at("long", 85)).toBe("TRIM_HALF")
    expect(at("long", 82)).toBe("HOLD")
    expect(at("short", 109)).toBe("CLOSE")
    expect(at("short", 115)).toBe("TRIM_HALF")
    expect(at("long")).toBe("HOLD")
  })
})
