import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { DashboardLive } from "../../src/dashboard/DashboardServer.ts"
import { testOperator } from "../monitoring/OperatorFixtures.ts"
import { freePort } from "../support/FreePort.ts"
import { GET_PATHS, seededStorage, TOKEN } from "./DashboardFixtures.ts"

const SECRETS = {
  DASHBOARD_TOKEN: TOKEN,
  KRAKEN_API_KEY: "kraken-key-3b7f0e1d",
  KRAKEN_API_SECRET: "a3Jha2VuLXNlY3JldC0xMjM0NTY3ODkw",
  TELEGRAM_BOT_TOKEN: "123456:telegram-token-9d8c7b",
  DATABASE_URL: "postgresql://trader:pg-password-77@127.0.0.1:5432/trading"
}

const live = (port: number, enabled: boolean) =>
  DashboardLive.pipe(
    Layer.provide(
      Layer.mergeAll(
        testConfigLayer({ config: { dashboard: { enabled, port } }, env: SECRETS }),
        testOperator().layer,
        seededStorage
      )
    )
  )

const fetchText = (url: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, text: await response.text() }
  })

describe("DashboardLive", () => {
  it.scoped("serves on dashboard.host:port from the configuration, acts with DASHBOARD_TOKEN, leaks no secret", () =>
    Effect.gen(function* () {
      const port = yield* freePort
      yield* Layer.build(live(port, true))
      const root = `http://127.0.0.1:${port}`
      const answers = yield* Effect.forEach(GET_PATHS, (path) => fetchText(`${root}${path}`))
      expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(200))
      const kill = yield* fetchText(`${root}/api/kill`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` }
      })
      expect(kill.status).toBe(200)
      expect(JSON.parse(kill.text)).toEqual({ alreadyActive: false, cancelledOrders: 2 })
      const refused = yield* fetchText(`${root}/api/resume`, {
        method: "POST",
        headers: { authorization: "Bearer nope" }
      })
      expect(refused.status).toBe(401)
      for (const answer of [...answers, kill, refused]) {
        for (const secret of Object.values(SECRETS)) expect(answer.text).not.toContain(secret)
        expect(answer.text).not.toContain("pg-password-77")
      }
    })
  )

  it.scoped("serves nothing when dashboard.enabled is false", () =>
    Effect.gen(function* () {
      const port = yield* freePort
      yield* Layer.build(live(port, false))
      const attempt = yield* Effect.either(Effect.tryPromise(() => fetch(`http://127.0.0.1:${port}/api/status`)))
      expect(attempt._tag).toBe("Left")
    })
  )
})
