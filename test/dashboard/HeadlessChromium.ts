import { Duration, Effect, TestServices } from "effect"
import { type Browser, type BrowserServer, chromium } from "playwright-core"

/** A start or a stop longer than these fails or forces its way fast, well inside the test's own timeout. */
const START_WITHIN = Duration.seconds(20)
const STOP_WITHIN = Duration.seconds(5)

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

const failedToStart = (executablePath: string) => (cause: unknown) =>
  new Error(
    `headless Chromium (${executablePath}) did not start within ${Duration.format(START_WITHIN)}: ${String(cause)}`
  )

/**
 * Bounded on the real clock: the tests run on a test clock, which would never let a timeout pass. Interruptible, as
 * it runs in a scope's release (uninterruptible), where a timeout could not otherwise cut a hung close short.
 */
const within = <A, E>(effect: Effect.Effect<A, E>) =>
  TestServices.provideLive(Effect.timeout(Effect.interruptible(effect), STOP_WITHIN))

/** Closes gracefully within STOP_WITHIN; past that (or on an error) the browser process is killed. */
export const stop = (server: Pick<BrowserServer, "close" | "process">) =>
  within(Effect.tryPromise(() => server.close())).pipe(
    Effect.catchAll((e) =>
      Effect.zipRight(
        Effect.logWarning(`headless Chromium did not close within ${Duration.format(STOP_WITHIN)}, killed: ${e}`),
        Effect.sync(() => server.process().kill("SIGKILL"))
      )
    )
  )

/** Drops the client's connection; bounded, since the server's stop above is what ends the process. */
const disconnect = (browser: Browser) => Effect.ignore(within(Effect.tryPromise(() => browser.close())))

/**
 * Headless Chromium for the scope, over loopback: launched as a server so its process can be killed when a close
 * hangs, and with every step bounded, so a start that hangs fails the test fast and says why.
 */
export const headlessChromium = (executablePath: string) =>
  Effect.gen(function* () {
    const timeout = Duration.toMillis(START_WITHIN)
    const server = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => chromium.launchServer({ executablePath, args: ARGS, host: "127.0.0.1", timeout }),
        catch: failedToStart(executablePath)
      }).pipe(Effect.orDie),
      stop
    )
    return yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => chromium.connect(server.wsEndpoint(), { timeout }),
        catch: failedToStart(executablePath)
      }).pipe(Effect.orDie),
      disconnect
    )
  })
