import { type Decimal, ZERO } from "../domain/Money.ts"
import type { Side } from "../domain/Side.ts"
import type { SymbolKey } from "../domain/Symbols.ts"
import type { AuctionParams, CandidateRejection } from "./AuctionTypes.ts"

/** What the caps of §2.4 step 3–4 look at. */
export interface BookEntry {
  readonly key: SymbolKey
  readonly side: Side
  readonly cluster: string
  readonly margin: Decimal
  readonly value: number
}

/** The positions held (or accepted so far) while the auction walks its ranking. Immutable. */
export interface Book {
  readonly count: number
  readonly margin: Decimal
  readonly perSymbol: ReadonlyMap<SymbolKey, number>
  readonly perCluster: ReadonlyMap<string, number>
  readonly longs: number
  readonly shorts: number
}

export const emptyBook: Book = {
  count: 0,
  margin: ZERO,
  perSymbol: new Map(),
  perCluster: new Map(),
  longs: 0,
  shorts: 0
}

const bump = <K>(map: ReadonlyMap<K, number>, key: K): ReadonlyMap<K, number> =>
  new Map(map).set(key, (map.get(key) ?? 0) + 1)

export const addToBook = (book: Book, entry: BookEntry): Book => ({
  count: book.count + 1,
  margin: book.margin.plus(entry.margin),
  perSymbol: bump(book.perSymbol, entry.key),
  perCluster: bump(book.perCluster, entry.cluster),
  longs: book.longs + (entry.side === "long" ? 1 : 0),
  shorts: book.shorts + (entry.side === "short" ? 1 : 0)
})

/** Dynamic direction penalty (§2.4 step 4): zero up to a balanced book, P when every holding is on one side. */
export const directionPenalty = (book: Book, side: Side, params: AuctionParams): number => {
  const total = book.longs + book.shorts
  if (total === 0) return 0
  const sameSide = side === "long" ? book.longs : book.shorts
  return params.auction_direction_concentration_penalty * Math.max(0, sameSide / total - 0.5) * 2
}

/**
 * The first cap `entry` would break if added to `book`, or undefined when it fits (§2.4 step 3–4). A locked
 * position is never refused for its value: it cannot be closed anyway.
 */
export const admission = (
  book: Book,
  entry: BookEntry,
  locked: boolean,
  budget: Decimal,
  params: AuctionParams
): CandidateRejection | undefined => {
  if (book.count >= params.auction_max_positions) return "MAX_POSITIONS"
  if (book.margin.plus(entry.margin).gt(budget)) return "MARGIN_BUDGET"
  if ((book.perSymbol.get(entry.key) ?? 0) >= params.auction_max_per_symbol) return "MAX_PER_SYMBOL"
  if ((book.perCluster.get(entry.cluster) ?? 0) >= params.auction_max_per_cluster) return "MAX_PER_CLUSTER"
  if (locked) return undefined
  if (entry.value < 0) return "NEGATIVE_VALUE"
  return entry.value - directionPenalty(book, entry.side, params) < 0 ? "DIRECTION_CONCENTRATION" : undefined
}
