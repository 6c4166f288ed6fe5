/**
 * `compute` remembered per key object: for values derived from the engine's immutable objects (an order list, an
 * instrument table, a Decimal), which states share until they change. Kept as long as the key lives.
 */
export const cachedByIdentity = <K extends object, V>(compute: (key: K) => V): ((key: K) => V) => {
  const values = new WeakMap<K, V>()
  return (key) => {
    const known = values.get(key)
    if (known !== undefined) return known
    const value = compute(key)
    values.set(key, value)
    return value
  }
}
