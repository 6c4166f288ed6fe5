import { Effect } from "effect"

/** "[########----------------]  33.3%  1000/3000": a bar of `width` cells, percent to one decimal. */
export const formatProgress = (done: number, total: number, width = 30): string => {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total))
  const filled = Math.floor(fraction * width)
  const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`
  return `[${bar}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${Math.min(done, total)}/${total}`
}

/** Where the bar is drawn: a terminal gets it, a pipe or file gets nothing. */
export interface ProgressOutput {
  readonly isTTY: boolean
  readonly write: (text: string) => void
}

export const stdoutOutput = (): ProgressOutput => ({
  isTTY: process.stdout.isTTY === true,
  write: (text) => {
    process.stdout.write(text)
  }
})

export interface ProgressBar {
  readonly update: (done: number) => Effect.Effect<void>
  /** Ends the bar's line, so later output starts on a fresh one. */
  readonly finish: Effect.Effect<void>
}

/**
 * A progress bar redrawn in place with a carriage return, only when its text changes (so a tight loop
 * costs a string compare, not a write). Quiet when the output is not a terminal.
 */
export const makeProgressBar = (total: number, output: ProgressOutput = stdoutOutput()): Effect.Effect<ProgressBar> =>
  Effect.sync(() => {
    let shown = ""
    return {
      update: (done) =>
        Effect.sync(() => {
          if (!output.isTTY) return
          const text = formatProgress(done, total)
          if (text === shown) return
          shown = text
          output.write(`\r${text}`)
        }),
      finish: Effect.sync(() => {
        if (output.isTTY && shown !== "") output.write("\n")
      })
    }
  })
