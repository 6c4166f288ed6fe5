import type { SwingEngine } from "../../../src/strategy/swing/SwingEngine.ts"

const upTo = (x: number | null, t: number): number | null => (x !== null && x <= t ? x : null)

/** What `engine` (run over a longer series) knew at bar t: events confirmed by t, later state changes erased. */
export const knownAt = (engine: SwingEngine, t: number) => ({
  swings: engine.swings.all
    .filter((s) => s.confirmedAt <= t)
    .map((s) => ({ ...s, supersededAt: upTo(s.supersededAt, t) })),
  structure: engine.structure.all
    .filter((s) => s.confirmedAt <= t)
    .map((s) => ({ ...s, supersededAt: upTo(s.supersededAt, t) })),
  fvgs: engine.fvgs.all.filter((g) => g.confirmedAt <= t).map((g) => ({ ...g, mitigatedAt: upTo(g.mitigatedAt, t) })),
  liquidity: engine.liquidity.all
    .filter((p) => p.confirmedAt !== null && p.confirmedAt <= t)
    .map((p) => ({ ...p, members: p.members.filter((m) => m.joinedAt <= t), sweptAt: upTo(p.sweptAt, t) })),
  orderBlocks: engine.orderBlocks.all
    .filter((o) => o.confirmedAt <= t)
    .map((o) => ({ ...o, mitigatedAt: upTo(o.mitigatedAt, t), invalidatedAt: upTo(o.invalidatedAt, t) }))
})
