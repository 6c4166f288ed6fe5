import { ZERO } from "../domain/Money.ts"
import { isTerminalState } from "../domain/Position.ts"
import { type SymbolKey, symbolKey } from "../domain/Symbols.ts"
import { allocate } from "../portfolio/Auction.ts"
import type { AuctionClose } from "../portfolio/AuctionTypes.ts"
import { prepareCandidates } from "../portfolio/Candidates.ts"
import { chopAdjusted, detectChop } from "../portfolio/Chop.ts"
import { nextNoSignalCycles } from "../portfolio/Valuation.ts"
import { type ClosedTrade, signalCooldown } from "../risk/Cooldowns.ts"
import { lossStreakPause } from "../risk/LossStreak.ts"
import { evaluateShock } from "../risk/ShockGuard.ts"
import { sizingLeverage } from "../risk/Sizing.ts"
import { decisionEvents } from "./DecisionEvents.ts"
import { compareRejections, type Refusal, refusal } from "./DecisionRejection.ts"
import type { DecisionSettings } from "./DecisionSettings.ts"
import type { CycleDecision, DecisionExit, DecisionInput } from "./DecisionTypes.ts"
import { type OpenBook, type PlannedEntry, type RiskBase, riskContext, sizeOpens } from "./EntryPlanning.ts"
import { type HeldPosition, heldKeys, heldPosition, lastTakeProfitFillAt } from "./HeldPositions.ts"
import { marketsByKey, markOf, spotOf } from "./MarketViews.ts"
import { screenSignals } from "./SignalScreen.ts"

const lastEntryAt = (trades: ReadonlyArray<ClosedTrade>, key: SymbolKey): number | undefined =>
  trades.reduce<number | undefined>(
    (last, t) => (t.key === key && (last === undefined || t.enteredAt > last) ? t.enteredAt : last),
    undefined
  )

const latest = (times: ReadonlyArray<number | undefined>): number | undefined =>
  times.reduce<number | undefined>((a, b) => (b === undefined || (a !== undefined && a >= b) ? a : b), undefined)

const bookOf = (positions: ReadonlyArray<HeldPosition>): OpenBook => ({
  notional: positions.reduce((sum, p) => sum.plus(p.notional), ZERO),
  count: positions.length
})

const exitOf = (close: AuctionClose<HeldPosition>): DecisionExit => ({
  positionId: close.position.positionId,
  symbol: close.position.record.symbol,
  reason: close.reason === "SWAP" ? "strategic_close" : "no_signal_close",
  auctionReason: close.reason,
  ...(close.replacement === undefined ? {} : { replacement: close.replacement })
})

/**
 * The per-tick decision (trading-core §1 steps 4–7, §2–§4), pure: the same inputs in any order give the same
 * decision. Signals pass the entry gate (safety verdict, ShockGuard), one per symbol key, the blocklist and the
 * market check; then candidate preparation (held symbol, cooldowns, risk sizing against the auction budget), the
 * auction (caps, clusters, swaps with hysteresis, chop regime) and the open-time risk pass. Approved opens become
 * executor inputs, auction closes become exits, and every refusal a typed rejection with its decision_trace.
 */
export const decideCycle = (input: DecisionInput, settings: DecisionSettings): CycleDecision => {
  const { now, account } = input
  const equity = account.equity
  const markets = marketsByKey(input.markets)
  const shock = evaluateShock(
    input.state.shock,
    [...markets.values()].map((view) => ({ key: symbolKey(view.symbol), mark: markOf(view), spot: spotOf(view) })),
    now,
    settings.shock
  )
  const decided = (
    entries: ReadonlyArray<PlannedEntry>,
    exits: ReadonlyArray<DecisionExit>,
    refusals: ReadonlyArray<Refusal>,
    noSignalCycles: number
  ): CycleDecision => ({
    entries: entries.map((e) => e.open),
    exits,
    rejections: refusals.map((r) => r.rejection).sort(compareRejections),
    events: decisionEvents(exits, entries, refusals, now),
    shockTriggers: shock.triggers,
    state: { noSignalCycles, shock: shock.state }
  })

  // Nothing opens and the auction closes nothing while entries are blocked (§2.9 step 2).
  const block = input.entryBlock ?? (shock.entriesPaused ? "SHOCK_GUARD" : undefined)
  if (block !== undefined) {
    const refused = input.signals.map((s) => refusal(s, "gate", block, "no new entries this tick"))
    return decided([], [], refused, input.state.noSignalCycles)
  }

  const screened = screenSignals(input.signals, markets, settings)
  const held = input.positions
    .filter((record) => !isTerminalState(record.state))
    .map((record) => {
      const view = markets.get(symbolKey(record.symbol))
      return heldPosition(record, {
        mark: view === undefined ? undefined : markOf(view),
        leverage: sizingLeverage(settings.risk, settings.tiers, view?.tier),
        entryScore: input.entryScores?.get(record.positionId) ?? 0
      })
    })
  const base: RiskBase = {
    now,
    equity,
    daily: input.daily,
    lossStreakPausedUntil: lossStreakPause(input.recentTrades, equity, now, settings.lossStreak),
    budget: equity.times(settings.auction.auction_max_margin_util)
  }
  const plannedByKey = new Map(screened.planned.map((p) => [p.key, p]))
  const prepared = prepareCandidates(
    {
      signals: screened.planned,
      heldKeys: heldKeys(held),
      cooldownFor: (key) =>
        signalCooldown(
          input.recentTrades,
          key,
          { held: false, lastEntryAt: lastEntryAt(input.recentTrades, key) },
          now,
          settings.cooldowns
        ),
      riskContextFor: (key) => {
        const planned = plannedByKey.get(key)
        return planned === undefined ? undefined : riskContext(planned, bookOf(held), base)
      }
    },
    settings.risk,
    settings.tiers
  )

  const chop = detectChop(
    {
      now,
      scannedCount: input.scannedSymbols,
      signals: screened.planned.map((p) => ({ key: p.key, adx: p.signal.adx, score: p.score })),
      recentTrades: input.recentTrades
    },
    settings.chop
  )
  const adjusted = chopAdjusted(settings.auction, chop, settings.chop)
  const noSignalCycles = nextNoSignalCycles(input.state.noSignalCycles, prepared.candidates.length)
  const auction = allocate(
    {
      now,
      equity,
      candidates: prepared.candidates,
      positions: held,
      noSignalCycles,
      lastPartialCloseAt: latest([input.lastPartialCloseAt, ...held.map((p) => lastTakeProfitFillAt(p.record))]),
      chop: adjusted.chop
    },
    adjusted.params
  )

  const closing = new Set(auction.closes.map((c) => c.position.positionId))
  const sized = sizeOpens(
    auction.opens.map((o) => o.candidate),
    bookOf(held.filter((p) => !closing.has(p.positionId))),
    base,
    account.availableMargin,
    settings
  )
  const refusals: ReadonlyArray<Refusal> = [
    ...screened.refusals,
    ...prepared.rejected.map((r) => refusal(r.signal.signal, "preparation", r.reason, r.detail ?? "")),
    ...auction.rejected.map((r) =>
      refusal(r.candidate.signal.signal, "auction", r.reason, `value ${r.value.toFixed(2)}`)
    ),
    ...sized.refusals
  ]
  return decided(sized.entries, auction.closes.map(exitOf), refusals, noSignalCycles)
}
