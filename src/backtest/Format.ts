import type { Decimal } from "../domain/Money.ts"

// Locale-free formatting shared by the terminal and HTML reports: the same run always prints the same text.

export const NA = "n/a"

export const percent = (x: number | null, digits = 2): string => (x === null ? NA : `${(x * 100).toFixed(digits)}%`)

export const ratio = (x: number | null, digits = 2): string => (x === null ? NA : x.toFixed(digits))

export const money = (x: Decimal | null): string => (x === null ? NA : x.toFixed(2))

/** "3d 4h", "5h 30m", "45m": days, hours and minutes, the two largest non-zero units. */
export const duration = (ms: number): string => {
  const minutes = Math.floor(ms / 60_000)
  const parts: Array<[number, string]> = [
    [Math.floor(minutes / 1440), "d"],
    [Math.floor(minutes / 60) % 24, "h"],
    [minutes % 60, "m"]
  ]
  const first = parts.findIndex(([n]) => n > 0)
  if (first === -1) return "0m"
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(" ")
}

/** "2024-01-01 00:00" in UTC. */
export const dateTime = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace("T", " ")

/** "2024-01-01" in UTC. */
export const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** Rows of cells as a plain-text table: first column left-aligned, the others right-aligned. */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths: Array<number> = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length)
    })
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd()
  )
}
