/** A price or indicator for a reasoning line: 10 significant digits, non-finite values as they are. */
export const fmt = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(10))) : String(x))
