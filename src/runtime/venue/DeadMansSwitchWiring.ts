import { Duration, Effect, Layer } from "effect"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"
import { keepDeadMansSwitch } from "../../exchange/kraken/DeadMansSwitch.ts"

/** Refreshes four times per timeout, so up to three lost refreshes in a row never fire the switch. */
export const deadMansSwitchRefresh = (timeoutSeconds: number): Duration.Duration =>
  Duration.millis((timeoutSeconds * 1000) / 4)

/**
 * `exchange.kraken.dead_mans_switch_seconds` on `mode: live` (0 = off: nothing is sent). When on, says at start
 * what it costs, arms the switch and keeps refreshing it for the life of the venue; a clean stop disarms it, a
 * crash leaves it armed and Kraken then cancels every order, stop-losses included.
 */
export const deadMansSwitchLayer = (config: AppConfigShape) => {
  const timeoutSeconds = config.exchange.kraken.dead_mans_switch_seconds
  if (timeoutSeconds === 0) return Layer.empty
  return Layer.scopedDiscard(
    Effect.gen(function* () {
      const every = deadMansSwitchRefresh(timeoutSeconds)
      yield* Effect.logWarning(
        `dead man's switch on (exchange.kraken.dead_mans_switch_seconds: ${timeoutSeconds}), refreshed every ` +
          `${Duration.format(every)}: if this process dies or hangs, Kraken cancels ALL its orders ` +
          `${timeoutSeconds} s later, stop-losses included, and open positions are left without stops`
      )
      yield* keepDeadMansSwitch({ every, timeoutSeconds })
    })
  )
}
