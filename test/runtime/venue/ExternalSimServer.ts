import { NodeFileSystem } from "@effect/platform-node"
import { Effect, Schedule } from "effect"
import { startSimVenueServer } from "../../../src/exchange/sim/server/RunSimServer.ts"

export const SIM_API_KEY = "external-sim-key"
export const SIM_API_SECRET = Buffer.alloc(64, 9).toString("base64")
export const SIM_SPEED = 60

/**
 * A `trading sim-server` as the CLI runs it, on a free loopback port in the test's scope: the same start-up and
 * the same driver moving market time at `speed` × the real clock every 250 ms.
 */
export const externalSimServer = (options: {
  readonly symbols: ReadonlyArray<string>
  readonly balances?: Readonly<Record<string, string>>
  /** Market seconds per real second; default 60, as the CLI's. */
  readonly speed?: number
  /** Market time stays at the opening: for tests that move the server's prices by hand. */
  readonly frozen?: boolean
}) =>
  Effect.gen(function* () {
    const running = yield* startSimVenueServer({
      port: 0,
      host: "127.0.0.1",
      seed: 11,
      data: "synthetic",
      speed: options.speed ?? SIM_SPEED,
      apiKey: SIM_API_KEY,
      apiSecret: SIM_API_SECRET,
      symbols: options.symbols,
      ...(options.balances !== undefined && { balances: options.balances })
    }).pipe(Effect.provide(NodeFileSystem.layer))
    if (options.frozen !== true) yield* Effect.forkScoped(Effect.repeat(running.drive, Schedule.spaced("250 millis")))
    return running
  })
