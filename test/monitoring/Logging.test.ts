import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import * as Logging from "../../src/monitoring/Logging.ts"
import { makeRedactor } from "../../src/monitoring/Redaction.ts"

// Real-looking credentials: the shapes Kraken, Telegram, Discord and PostgreSQL issue.
const SECRETS = {
  KRAKEN_API_KEY: "x9Fq2LmZp7RtWv4Kc8Yh1Bn6Dj3Ge5Ua0Si9Ox2Ql7Mw4Er1Ty8Uz6Ac3Vb5Nd7Hf",
  KRAKEN_API_SECRET: "kQ3z/8Yw+Lp2Vn6Rt1Xc9Bm4Hd7Gf0Js5Ka3Zq8We2Rt6Yu1Io9Pa7Sd4Fg0Hj+Kl5Zx3Cv8Bn2Mq==",
  TELEGRAM_BOT_TOKEN: "7123456789:AAHk3Lq9Zr2Xw8Vn5Tb1Yc6Md4Pf7Gh0Js3",
  TELEGRAM_CHAT_ID: "123456789",
  DISCORD_WEBHOOK_URL:
    "https://discord.com/api/webhooks/1234567890123456789/Zx8Cv7Bn6Mq5Wl4Er3Ty2Ui1Op0As9Df8Gh7Jk6Lz5Xc4Vb3Nm2",
  DATABASE_URL: "postgres://trader:S3cr3tPassw0rd!@db.internal:5432/trading"
}

const capture = () => {
  const lines: Array<string> = []
  return { lines, sink: (line: string) => void lines.push(line) }
}

const configured = (format: "json" | "pretty", level = "info") => {
  const { lines, sink } = capture()
  const layer = Logging.layer(sink).pipe(
    Layer.provide(
      testConfigLayer({
        env: SECRETS,
        config: { logging: { format, level }, monitoring: { telegram: { enabled: true } } }
      })
    )
  )
  return { lines, layer }
}

const leakyProgram = Effect.gen(function* () {
  yield* Effect.logInfo(`connecting with key ${SECRETS.KRAKEN_API_KEY} and secret ${SECRETS.KRAKEN_API_SECRET}`)
  yield* Effect.logWarning(`POST https://api.telegram.org/bot${SECRETS.TELEGRAM_BOT_TOKEN}/sendMessage failed`)
  yield* Effect.logError("webhook", { url: SECRETS.DISCORD_WEBHOOK_URL, db: SECRETS.DATABASE_URL }).pipe(
    Effect.annotateLogs({ secret: SECRETS.KRAKEN_API_SECRET, encoded: encodeURIComponent(SECRETS.KRAKEN_API_SECRET) })
  )
  yield* Effect.logError("failed").pipe(Effect.annotateLogs("creds", Redacted.make("hidden-value-123")))
  yield* Effect.fail(new Error(`auth failed for ${SECRETS.KRAKEN_API_KEY}`)).pipe(
    Effect.catchAllCause((cause) => Effect.logError("request failed", cause))
  )
})

const expectNoSecrets = (lines: ReadonlyArray<string>) => {
  const text = lines.join("\n")
  for (const secret of Object.entries(SECRETS).filter(([name]) => name !== "TELEGRAM_CHAT_ID")) {
    expect(text).not.toContain(secret[1])
  }
  expect(text).not.toContain(encodeURIComponent(SECRETS.KRAKEN_API_SECRET))
  expect(text).not.toContain("S3cr3tPassw0rd")
  expect(text).not.toContain("Zx8Cv7Bn6Mq5Wl4Er3Ty2Ui1Op0As9Df8Gh7Jk6Lz5Xc4Vb3Nm2")
  expect(text).not.toContain("hidden-value-123")
  expect(text).toContain("<redacted>")
}

describe("Logging", () => {
  it.effect("writes one JSON object per line with timestamp, level, message, annotations and spans", () => {
    const { lines, layer } = configured("json")
    return Effect.gen(function* () {
      yield* Effect.logInfo("tick done").pipe(
        Effect.annotateLogs({ symbol: "BTC/USD", tick: 7 }),
        Effect.withLogSpan("tick")
      )
      expect(lines).toHaveLength(1)
      const record = JSON.parse(lines[0] ?? "")
      expect(record.level).toBe("INFO")
      expect(record.message).toBe("tick done")
      expect(record.annotations).toEqual({ symbol: "BTC/USD", tick: 7 })
      expect(Object.keys(record.spans)).toEqual(["tick"])
      expect(Number.isNaN(Date.parse(record.timestamp))).toBe(false)
    }).pipe(Effect.provide(layer))
  })

  it.effect("filters by the configured level", () => {
    const { lines, layer } = configured("json", "warning")
    return Effect.gen(function* () {
      yield* Effect.logDebug("debug")
      yield* Effect.logInfo("info")
      yield* Effect.logWarning("warn")
      yield* Effect.logError("error")
      expect(lines.map((line) => JSON.parse(line).message)).toEqual(["warn", "error"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("pretty format is one readable line with annotations", () => {
    const { lines, layer } = configured("pretty")
    return Effect.gen(function* () {
      yield* Effect.logInfo("order placed").pipe(Effect.annotateLogs({ symbol: "ETH/USD", reason: "order block" }))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z INFO +order placed {2}reason="order block" symbol=ETH\/USD$/)
    }).pipe(Effect.provide(layer))
  })

  it.effect("never writes a configured credential (JSON)", () => {
    const { lines, layer } = configured("json")
    return Effect.gen(function* () {
      yield* leakyProgram
      expect(lines).toHaveLength(5)
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
      expectNoSecrets(lines)
      expect(JSON.parse(lines[4] ?? "").cause).toContain("auth failed for <redacted>")
    }).pipe(Effect.provide(layer))
  })

  it.effect("never writes a configured credential (pretty)", () => {
    const { lines, layer } = configured("pretty")
    return Effect.gen(function* () {
      yield* leakyProgram
      expect(lines).toHaveLength(5)
      expectNoSecrets(lines)
    }).pipe(Effect.provide(layer))
  })
})

describe("Logging.layer provided to other layers", () => {
  it.live("also formats the logs of their background fibers", () => {
    const { lines, layer } = configured("json")
    const background = Layer.scopedDiscard(Effect.forkScoped(Effect.logInfo("from a background fiber")))
    return Effect.gen(function* () {
      yield* Effect.logInfo("from the program")
      yield* Effect.sleep("20 millis")
      expect(lines.map((line) => JSON.parse(line).message).sort()).toEqual([
        "from a background fiber",
        "from the program"
      ])
    }).pipe(Effect.provide(background.pipe(Layer.provideMerge(layer))))
  })
})

describe("makeRedactor", () => {
  const redact = makeRedactor([])

  it("redacts unconfigured secrets by shape", () => {
    expect(redact("bot 5555555555:AAFx9Lq2Zr8Xw3Vn7Tb5Yc1Md6Pf4Gh2Js8 down")).toBe("bot <redacted> down")
    expect(redact("postgresql://app:hunter2hunter2@localhost/db")).toBe("postgresql://app:<redacted>@localhost/db")
    expect(redact("GET /x?api_key=abcdef123456&limit=5")).toBe("GET /x?api_key=<redacted>&limit=5")
    expect(redact('{"apiSecret": "c2VjcmV0"}')).not.toContain("c2VjcmV0")
    expect(redact("Authorization: Bearer eyJhbGciOi.x.y")).toBe("Authorization: Bearer <redacted>")
    expect(redact("https://discordapp.com/api/webhooks/42/abcDEF-123_x")).toBe(
      "https://discordapp.com/api/webhooks/42/<redacted>"
    )
  })

  it("keeps ordinary text", () => {
    const text = "BTC/USD long 0.5 @ 64000.5 stop 62000 (score 7.5) at 2026-01-01T00:00:00Z"
    expect(redact(text)).toBe(text)
  })
})
