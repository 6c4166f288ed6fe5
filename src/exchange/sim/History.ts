/**
 * An append-only, immutable-looking log: fills, ledger entries and closed orders of the engine state. Copying
 * an array on every step would make a long backtest quadratic; instead a version is a length over a shared
 * array, appended in place when the version is the newest one and copied only when an older version branches.
 * No version ever sees another's items, so states stay values; `toJSON` writes exactly the visible items.
 */
export class History<A> {
  private constructor(
    private readonly items: Array<A>,
    readonly length: number
  ) {}

  static empty<A>(): History<A> {
    return new History<A>([], 0)
  }

  static of<A>(items: ReadonlyArray<A>): History<A> {
    return new History([...items], items.length)
  }

  append(added: ReadonlyArray<A>): History<A> {
    if (added.length === 0) return this
    const items = this.items.length === this.length ? this.items : this.items.slice(0, this.length)
    for (const item of added) items.push(item)
    return new History(items, items.length)
  }

  /** The item at `index`; negative indexes count from the newest (-1 = newest). */
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
