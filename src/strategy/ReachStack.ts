/**
 * Open zones kept sorted by the level a bar must reach to touch them, so a new bar removes exactly the
 * touched ones from the end in O(touched) instead of scanning every open zone. New zones usually sit
 * nearest to price, i.e. at the end, so insertion is cheap too.
 */
const NONE: ReadonlyArray<never> = []

export class ReachStack<T> {
  private readonly items: Array<T> = []
  private readonly keys: Array<number> = []

  add(item: T, key: number): void {
    let i = this.keys.length
    while (i > 0 && this.keys[i - 1]! > key) i--
    if (i === this.keys.length) {
      this.items.push(item)
      this.keys.push(key)
    } else {
      this.items.splice(i, 0, item)
      this.keys.splice(i, 0, key)
    }
  }

  /** Removes and returns the zones whose key is at least `level` (highest key first). */
  takeReached(level: number): ReadonlyArray<T> {
    // The common case touches nothing: no allocation then.
    if (!(this.keys.length > 0 && this.keys[this.keys.length - 1]! >= level)) return NONE
    const taken: Array<T> = []
    while (this.keys.length > 0 && this.keys[this.keys.length - 1]! >= level) {
      this.keys.pop()
      taken.push(this.items.pop()!)
    }
    return taken
  }

  /** The zone with the greatest `order` (e.g. the most recent). */
  maxBy(order: (item: T) => number): T | undefined {
    let best: T | undefined
    for (const item of this.items) if (best === undefined || order(item) > order(best)) best = item
    return best
  }
}
