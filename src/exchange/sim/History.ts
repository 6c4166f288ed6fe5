/** A limited history holds up to this fraction more than its limit before it forgets its oldest items. */
const LIMIT_SLACK = 1 / 4

/**
 * An append-only, immutable-looking log: fills, ledger entries and closed orders of the engine state. Copying
 * an array on every step would make a long backtest quadratic; instead a version is a length over a shared
 * array, appended in place when the version is the newest one and copied only when an older version branches.
 * No version ever sees another's items, so states stay values; `toJSON` writes exactly the visible items.
 * With a `limit` (a long-running venue), only the newest `limit` items are kept: once a quarter more has come,
 * the newest `limit` go to a fresh array (older versions keep theirs), so appends stay amortised O(1).
 */
export class History<A> {
  private constructor(
    private readonly items: Array<A>,
    readonly length: number,
    private readonly limit: number
  ) {}

  /** `limit`: items kept, the newest (default all). */
  static empty<A>(limit = Number.POSITIVE_INFINITY): History<A> {
    return new History<A>([], 0, limit)
  }

  static of<A>(items: ReadonlyArray<A>, limit = Number.POSITIVE_INFINITY): History<A> {
    return History.empty<A>(limit).append(items)
  }

  append(added: ReadonlyArray<A>): History<A> {
    if (added.length === 0) return this
    const items = this.items.length === this.length ? this.items : this.items.slice(0, this.length)
    for (const item of added) items.push(item)
    if (items.length > this.limit * (1 + LIMIT_SLACK)) {
      const kept = items.slice(items.length - this.limit)
      return new History(kept, kept.length, this.limit)
    }
    return new History(items, items.length, this.limit)
  }

  /** The item at `index` of those held; negative indexes count from the newest (-1 = newest). */
  at(index: number): A | undefined {
    const i = index < 0 ? this.length + index : index
    return i >= 0 && i < this.length ? this.items[i] : undefined
  }

  /** The newest `count` items, oldest first (REST `/fills` and UWS `snap_trades` show the latest ones). */
  latest(count: number): ReadonlyArray<A> {
    return this.items.slice(Math.max(0, this.length - count), this.length)
  }

  toArray(): ReadonlyArray<A> {
    return this.items.slice(0, this.length)
  }

  /** The newest item matching `predicate`. */
  findLast(predicate: (item: A) => boolean): A | undefined {
    for (let i = this.length - 1; i >= 0; i--) {
      const item = this.items[i]
      if (item !== undefined && predicate(item)) return item
    }
    return undefined
  }

  toJSON(): ReadonlyArray<A> {
    return this.toArray()
  }
}
