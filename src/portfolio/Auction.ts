import type { Decimal } from "../domain/Money.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import type {
  AuctionCandidate,
  AuctionClose,
  AuctionDecision,
  AuctionInput,
  AuctionKeep,
  AuctionParams,
  AuctionPosition,
  AuctionRejected,
  CandidateRejection
} from "./AuctionTypes.ts"
import { addToBook, admission, emptyBook } from "./Book.ts"
import { type Contender, candidateValue, compareContenders, lockReason, positionValue } from "./Valuation.ts"

type NewContender<C, P> = Extract<Contender<C, P>, { kind: "new" }>
type OpenContender<C, P> = Extract<Contender<C, P>, { kind: "open" }>

interface ProposedClose<C, P> {
  readonly contender: OpenContender<C, P>
  readonly replacement?: NewContender<C, P>
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Candidates refused before the ranking: cooldown, symbol already held, margin beyond the whole budget. */
const hardFilter = <C extends AuctionCandidate, P>(
  input: AuctionInput<C, AuctionPosition>,
  budget: Decimal,
  params: AuctionParams
): { readonly eligible: ReadonlyArray<NewContender<C, P>>; readonly rejected: ReadonlyArray<AuctionRejected<C>> } => {
  const held = new Set<SymbolKey>(input.positions.map((p) => p.key))
  const cooling =
    input.lastPartialCloseAt !== undefined &&
    input.now - input.lastPartialCloseAt < params.auction_partial_close_cooldown_seconds * 1000
  const eligible: Array<NewContender<C, P>> = []
  const rejected: Array<AuctionRejected<C>> = []
  for (const candidate of input.candidates) {
    const value = candidateValue(candidate, params)
    const reason: CandidateRejection | undefined = cooling
      ? "PARTIAL_CLOSE_COOLDOWN"
      : held.has(candidate.key)
        ? "SYMBOL_HELD"
        : candidate.requiredMargin.gt(budget)
          ? "MARGIN_EXCEEDS_BUDGET"
          : undefined
    if (reason !== undefined) rejected.push({ candidate, value, reason })
    else {
      const { key, side, cluster, requiredMargin: margin } = candidate
      eligible.push({ kind: "new", item: candidate, key, side, cluster, margin, value })
    }
  }
  return { eligible, rejected }
}

const openContender = <C, P extends AuctionPosition>(
  position: P,
  input: AuctionInput<AuctionCandidate, P>,
  params: AuctionParams
): OpenContender<C, P> => {
  const { key, side, cluster, margin, openedAt } = position
  const locked = lockReason(position, input.now, params, input.chop) !== undefined
  return {
    kind: "open",
    item: position,
    key,
    side,
    cluster,
    margin,
    openedAt,
    locked,
    value: positionValue(position, params)
  }
}

/**
 * Opens this cycle, given the positions that stay: walk the new winners in ranking order against the caps with
 * the retained book, then the per-cycle caps (§2.6).
 */
const planOpens = <C, P>(
  retained: ReadonlyArray<OpenContender<C, P>>,
  newWinners: ReadonlyArray<NewContender<C, P>>,
  closeCount: number,
  budget: Decimal,
  params: AuctionParams
) => {
  let book = retained.reduce(addToBook, emptyBook)
  const opened: Array<NewContender<C, P>> = []
  const refused: Array<readonly [NewContender<C, P>, CandidateRejection]> = []
  for (const contender of newWinners) {
    const reason: CandidateRejection | undefined =
      opened.length >= params.auction_max_new_opens_per_cycle
        ? "MAX_NEW_OPENS_PER_CYCLE"
        : closeCount + opened.length >= params.auction_max_trades_per_cycle
          ? "MAX_TRADES_PER_CYCLE"
          : admission(book, contender, false, budget, params)
    if (reason === undefined) {
      book = addToBook(book, contender)
      opened.push(contender)
    } else refused.push([contender, reason])
  }
  return { opened, refused }
}

/**
 * One auction cycle (trading-core §2.4–§2.6), pure and deterministic: the same inputs in any order give the
 * same decision. Open positions and candidates compete on one value scale; a winning open position is kept; a
 * displaced one is closed only to make room for a better candidate that opens in the same cycle (hysteresis:
 * `value_new ≥ value_open + swap threshold`), or under the explicit "go flat when no signals" policy.
 */
export const allocate = <C extends AuctionCandidate, P extends AuctionPosition>(
  input: AuctionInput<C, P>,
  params: AuctionParams
): AuctionDecision<C, P> => {
  const budget = input.equity.times(params.auction_max_margin_util)
  const { eligible, rejected: filtered } = hardFilter<C, P>(input, budget, params)
  const held = input.positions.map((p) => openContender<C, P>(p, input, params))
  const contenders: Array<Contender<C, P>> = [...held, ...eligible].sort(compareContenders)

  // Walk 1: rank everything, positions included, against the caps (§2.4 step 3–4).
  let book = emptyBook
  const winningOpens: Array<OpenContender<C, P>> = []
  const displaced: Array<OpenContender<C, P>> = []
  const newWinners: Array<NewContender<C, P>> = []
  const rejected: Array<AuctionRejected<C>> = [...filtered]
  for (const contender of contenders) {
    const reason = admission(book, contender, contender.kind === "open" && contender.locked, budget, params)
    if (reason === undefined) book = addToBook(book, contender)
    if (contender.kind === "open") (reason === undefined ? winningOpens : displaced).push(contender)
    else if (reason === undefined) newWinners.push(contender)
    else rejected.push({ candidate: contender.item, value: contender.value, reason })
  }

  // Displaced positions: locked, matched against a new winner (hysteresis), or the no-signal policy (§2.5).
  const kept: Array<AuctionKeep<P>> = winningOpens.map((c) => ({ position: c.item, value: c.value, reason: "WINNER" }))
  const keep = (c: OpenContender<C, P>, reason: AuctionKeep<P>["reason"]) =>
    kept.push({ position: c.item, value: c.value, reason })
  const goFlat =
    params.auction_close_when_no_signals &&
    input.candidates.length === 0 &&
    (!params.auction_no_signal_persistence_enabled ||
      input.noSignalCycles >= params.auction_no_signal_close_persistence_cycles)
  const chopActive = input.chop?.active ?? new Set<SymbolKey>()
  const swapThreshold = (a: SymbolKey, b: SymbolKey) =>
    input.chop !== undefined && (chopActive.has(a) || chopActive.has(b))
      ? input.chop.swapThreshold
      : params.auction_swap_threshold
  const proposed: Array<ProposedClose<C, P>> = []
  for (const contender of displaced) {
    const locked = lockReason(contender.item, input.now, params, input.chop)
    if (locked !== undefined) keep(contender, locked)
    else {
      const match = newWinners.find((n) => n.cluster === contender.cluster) ?? newWinners[0]
      if (match === undefined) {
        if (goFlat) proposed.push({ contender })
        else keep(contender, "NO_REPLACEMENT")
      } else if (match.value >= contender.value + swapThreshold(contender.key, match.key))
        proposed.push({ contender, replacement: match })
      else keep(contender, "HYSTERESIS")
    }
  }
  // Worst first, so the per-cycle close cap keeps the most valuable positions.
  proposed.sort((a, b) => a.contender.value - b.contender.value || compareText(a.contender.key, b.contender.key))

  // Never close for a replacement that does not open this cycle: drop such closes one by one until stable.
  const closeCap = Math.min(params.auction_max_closes_per_cycle, params.auction_max_trades_per_cycle)
  const dropped = new Set<ProposedClose<C, P>>()
  for (;;) {
    const active = proposed.filter((p) => !dropped.has(p))
    const chosen = active.slice(0, closeCap)
    const closing = new Set(chosen.map((p) => p.contender))
    const retained = held.filter((c) => !closing.has(c))
    const { opened, refused } = planOpens(retained, newWinners, chosen.length, budget, params)
    // Drop the most valuable unmatched close first: the cheaper closes may then pay for their replacements.
    const unmatched = chosen.filter((p) => p.replacement !== undefined && !opened.includes(p.replacement)).at(-1)
    if (unmatched !== undefined) {
      dropped.add(unmatched)
      continue
    }
    for (const p of dropped) keep(p.contender, "REPLACEMENT_NOT_OPENED")
    for (const p of active.slice(closeCap)) keep(p.contender, "MAX_CLOSES_PER_CYCLE")
    for (const [c, reason] of refused) rejected.push({ candidate: c.item, value: c.value, reason })
    const closes: Array<AuctionClose<P>> = chosen.map((p) =>
      p.replacement === undefined
        ? { position: p.contender.item, value: p.contender.value, reason: "NO_SIGNALS" }
        : { position: p.contender.item, value: p.contender.value, reason: "SWAP", replacement: p.replacement.key }
    )
    return {
      opens: opened.map((c) => ({ candidate: c.item, value: c.value })),
      closes,
      swaps: chosen.flatMap((p) =>
        p.replacement === undefined ? [] : [{ close: p.contender.key, open: p.replacement.key }]
      ),
      kept: kept.sort((a, b) => compareText(a.position.key, b.position.key)),
      rejected: rejected.sort(
        (a, b) =>
          compareText(a.candidate.key, b.candidate.key) ||
          compareText(a.candidate.side, b.candidate.side) ||
          compareText(a.candidate.cluster, b.candidate.cluster)
      )
    }
  }
}
