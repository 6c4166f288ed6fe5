import { existsSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, Option } from "effect"
import { AppConfig } from "../../../src/config/AppConfig.ts"
import { liveLayer } from "../../../src/runtime/LiveLayers.ts"
import { liveProgram } from "../../../src/runtime/LiveProgram.ts"
import { SystemEventRepository } from "../../../src/storage/SystemEventRepository.ts"
import { externalSimServer, SIM_API_KEY, SIM_API_SECRET } from "./ExternalSimServer.ts"
import { liveKrakenConfig } from "./LiveKrakenConfig.ts"

const SYMBOLS = ["BTC/USD", "ETH/USD"]
const all = { from: 0, to: Number.MAX_SAFE_INTEGER }

const capturingLogs = (lines: Array<string>) =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ logLevel, message }) =>
      lines.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
    )
  )

const tempDir = Effect.promise(() => mkdtemp(join(tmpdir(), "kraken-live-")))

describe("trading live with mode: live on exchange.venue: kraken (loopback only)", () => {
  it.scopedLive("warns loudly that real money is at risk, syncs the account and ticks, never logging a secret", () =>
    Effect.gen(function* () {
      // The simulator speaks Kraken's wire on every path: Spot REST, Derivatives REST v3 and the Unified WebSocket
      const server = yield* externalSimServer({ symbols: SYMBOLS, balances: { USD: "31000" }, speed: 1 })
      const dir = yield* tempDir
      const config = liveKrakenConfig(server.server.url, dir)
      const logs: Array<string> = []
      const layer = liveLayer(config).pipe(Layer.provideMerge(AppConfig.layerFrom(config)))
      yield* Effect.gen(function* () {
        yield* liveProgram({ maxTicks: Option.some(2) })
        const events = yield* SystemEventRepository
        expect((yield* events.byType("tick_completed", all)).map((e) => e.details.tick)).toEqual([1, 2])
        const [startup] = yield* events.byType("startup", all)
        expect(startup?.details).toMatchObject({ mode: "live", venue: "kraken", equity: "31000" })
      }).pipe(Effect.provide(layer), Effect.provide(capturingLogs(logs)))

      const banner = logs.find((line) => line.includes("REAL MONEY AT RISK"))
      expect(banner?.startsWith("WARN ")).toBe(true)
      expect(banner).toContain(`${server.server.wsPrivateUrl}`)
      expect(banner).toMatch(/account: +the Kraken account of API key sha256:[0-9a-f]{8} /)
      // The banner comes before the venue is reached
      expect(logs.indexOf(banner ?? "")).toBeLessThan(logs.findIndex((line) => line.includes("phase syncing")))
      const output = logs.join("\n")
      expect(output).not.toContain(SIM_API_SECRET)
      expect(output).not.toContain(SIM_API_KEY)
      // The dead man's switch is off by default (it would cancel the stops of a crashed bot): never mentioned
      expect(config.exchange.kraken.dead_mans_switch_seconds).toBe(0)
      expect(output).not.toContain("dead man's switch")
      // Contract terms were read from Derivatives REST v3 and cached in the data directory
      expect(existsSync(join(dir, "contract-terms.json"))).toBe(true)
    })
  )

  it.scopedLive("refuses to start without the API secret, naming the key and not the key's value", () =>
    Effect.gen(function* () {
      const loaded = liveKrakenConfig("http://127.0.0.1:9", yield* tempDir)
      // The loader already refuses this; the venue checks again in case a configuration is built in code
      const config = {
        ...loaded,
        exchange: { ...loaded.exchange, kraken: { ...loaded.exchange.kraken, api_secret: Option.none() } }
      }
      const error = yield* Effect.flip(Layer.build(liveLayer(config)).pipe(Effect.provide(AppConfig.layerFrom(config))))
      expect(error._tag).toBe("MissingCredential")
      expect(error.message).toContain("exchange.kraken.api_secret")
      expect(error.message).toContain("KRAKEN_API_SECRET")
      expect(error.message).not.toContain(SIM_API_KEY)
    })
  )
})
