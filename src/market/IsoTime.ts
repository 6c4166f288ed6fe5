// Date, optional time (T or space) with optional seconds and fraction, optional zone (Z or ±hh[:]mm)
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/

/**
 * Epoch milliseconds of an ISO-8601 date or date-time, or undefined when `text` is not one. A time without a
 * zone is read as UTC (candle files are UTC; `Date.parse` would read it as local time).
 */
export const parseIsoTime = (text: string): number | undefined => {
  const m = ISO.exec(text.trim())
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) => Number(part ?? 0))
  const millis = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3))
  const utc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0, millis)
  const check = new Date(utc)
  // Reject what Date.UTC would silently roll over or remap (2024-02-30, 25:00, years 0-99)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== (month ?? 1) - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour
  ) {
    return undefined
  }
  if ((minute ?? 0) > 59 || (second ?? 0) > 59) return undefined
  return utc - zoneOffsetMs(m[8])
}

const zoneOffsetMs = (zone: string | undefined): number => {
  if (zone === undefined || zone === "Z" || zone === "z") return 0
  const digits = zone.slice(1).replace(":", "")
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))
  return (zone.startsWith("-") ? -1 : 1) * minutes * 60_000
}
