import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { dirname } from "node:path"
import { Clock, Effect, Ref } from "effect"
import { Transient } from "../../ExchangeErrors.ts"
import { nextNonce } from "../auth/Nonce.ts"

/** Strictly increasing request nonces for one API key, persisted so a restart never goes backwards. */
export interface NonceStore {
  readonly next: Effect.Effect<string, Transient>
}

const failure = (reason: string) => (cause: unknown) =>
  new Transient({ operation: "nonce", reason: `${reason}: ${cause instanceof Error ? cause.message : String(cause)}` })

const readLast = (path: string): Effect.Effect<number, Transient> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: failure(`cannot read ${path}`)
  }).pipe(
    Effect.catchIf(
      (e) => e.reason.includes("ENOENT"),
      () => Effect.succeed("0")
    ),
    Effect.flatMap((text) => {
      const last = Number(text.trim())
      return Number.isSafeInteger(last) && last >= 0
        ? Effect.succeed(last)
        : Effect.fail(new Transient({ operation: "nonce", reason: `${path} holds no nonce: "${text.trim()}"` }))
    })
  )

// Written to a temporary file and renamed: a crash mid-write leaves the previous value, never a torn one.
const persist = (path: string, nonce: number): Effect.Effect<void, Transient> =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(`${path}.tmp`, String(nonce), "utf8")
      await rename(`${path}.tmp`, path)
    },
    catch: failure(`cannot persist the nonce to ${path}`)
  })

/**
 * A nonce store backed by `path` (e.g. `<data dir>/kraken-nonce`). Each nonce is on disk before it is handed
 * out, so a request never carries a nonce a restarted process could issue again.
 */
export const fileNonceStore = (path: string): Effect.Effect<NonceStore, Transient> =>
  Effect.gen(function* () {
    const last = yield* Ref.make(yield* readLast(path))
    const lock = yield* Effect.makeSemaphore(1)
    const next = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const nonce = nextNonce(yield* Ref.get(last), now)
      yield* persist(path, nonce)
      yield* Ref.set(last, nonce)
      return String(nonce)
    })
    return { next: lock.withPermits(1)(next) }
  })

/** Nonces kept in memory only: for a venue that lives no longer than this process (the embedded simulator). */
export const memoryNonceStore: Effect.Effect<NonceStore> = Effect.map(Ref.make(0), (last) => ({
  next: Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Ref.modify(last, (previous) => {
      const nonce = nextNonce(previous, now)
      return [String(nonce), nonce]
    })
  )
}))
