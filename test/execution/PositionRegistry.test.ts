import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Option } from "effect"
import { ExchangeOrderId } from "../../src/domain/Order.ts"
import { PositionId } from "../../src/domain/Position.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import { resolutionEvent, resolveIntent } from "../../src/execution/OrderIntent.ts"
import { layer, PositionRegistry } from "../../src/execution/PositionRegistry.ts"
import { openRegistryDatabase } from "../../src/execution/RegistryDatabase.ts"
import { accepted, d, filled, moveStop, POSITION_ID, pending, placements, T0 } from "./fixtures.ts"

const tempRoot = mkdtempSync(join(tmpdir(), "registry-test-"))
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }))

let files = 0
const freshFile = () => {
  files += 1
  return join(tempRoot, `run-${files}`, "data", "positions.db")
}

/** Runs `program` against the registry file, closing the file afterwards (a process lifetime). */
const session = <A, E>(filename: string, program: Effect.Effect<A, E, PositionRegistry>) =>
  Effect.provide(program, layer({ filename }))

/** Reads the raw file through a separate client after the registry closed it. */
const inspect = <A>(filename: string, query: (sql: SqliteClient.SqliteClient) => Effect.Effect<A, unknown>) =>
  Effect.scoped(Effect.flatMap(openRegistryDatabase(filename), query)).pipe(Effect.orDie)

const registry = PositionRegistry

describe("PositionRegistry", () => {
  it.effect("opens its own file in WAL mode with synchronous FULL", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const [journal, sync] = yield* inspect(filename, (sql) =>
        Effect.all([
          sql<{ journal_mode: string }>`PRAGMA journal_mode`,
          sql<{ synchronous: number }>`PRAGMA synchronous`
        ])
      )
      expect(journal[0]?.journal_mode).toBe("wal")
      expect(sync[0]?.synchronous).toBe(2)
    })
  )

  it.effect("a registered position and its entry intent survive a close and reopen", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record, entry } = pending()
      const effects = yield* session(
        filename,
        Effect.flatMap(registry, (r) => r.register({ record, effects: [{ _tag: "PlaceOrder", request: entry }] }))
      )
      expect(effects).toHaveLength(1)
      const [stored, intents] = yield* session(
        filename,
        Effect.flatMap(registry, (r) => Effect.all([r.get(POSITION_ID), r.unresolvedIntents]))
      )
      expect(Option.getOrThrow(stored)).toEqual(record)
      expect(intents.map((i) => [i.request.clientOrderId, i.status, i.label])).toEqual([
        [entry.clientOrderId, "pending", `entry-${POSITION_ID}-0`]
      ])
    })
  )

  it.effect("applies events in one transaction with their identity and new intents; a replay changes nothing", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record, entry } = pending()
      const fill = filled(entry, 1, 100)
      const [first, second] = yield* session(
        filename,
        Effect.gen(function* () {
          const r = yield* registry
          yield* r.register({ record, effects: [{ _tag: "PlaceOrder", request: entry }] })
          const first = yield* r.apply(POSITION_ID, fill)
          return [first, yield* r.apply(POSITION_ID, fill)] as const
        })
      )
      expect(first.record.state).toBe("OPEN")
      expect(second.effects).toEqual([])
      expect(second.processedEventId).toBeUndefined()
      const [events, intents] = yield* inspect(filename, (sql) =>
        Effect.all([
          sql<{ event_id: string }>`SELECT event_id FROM position_events`,
          sql<{ status: string }>`SELECT status FROM order_intents`
        ])
      )
      expect(events.map((e) => e.event_id)).toEqual([first.processedEventId])
      expect(intents).toHaveLength(4)
      const reopened = yield* session(
        filename,
        Effect.flatMap(registry, (r) => r.apply(POSITION_ID, fill))
      )
      expect(reopened.processedEventId).toBeUndefined()
      expect(reopened.record.entryFills).toHaveLength(1)
    })
  )

  it.effect("a write failing midway rolls the whole state change back", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record, entry } = pending()
      const fill = filled(entry, 1, 100, "exec-clash")
      yield* session(
        filename,
        Effect.flatMap(registry, (r) => r.register({ record, effects: [] }))
      )
      // A row already holding the event's identity makes the second write of the transaction fail.
      yield* inspect(
        filename,
        (sql) => sql`INSERT INTO position_events VALUES (${POSITION_ID}, 'fill:exec-clash', '{}', ${T0})`
      )
      const exit = yield* session(filename, Effect.exit(Effect.flatMap(registry, (r) => r.apply(POSITION_ID, fill))))
      expect(Exit.isFailure(exit) && Exit.causeOption(exit).pipe(Option.map((c) => c._tag))).toEqual(Option.some("Die"))
      const [stored, intents] = yield* session(
        filename,
        Effect.flatMap(registry, (r) => Effect.all([r.get(POSITION_ID), r.unresolvedIntents]))
      )
      expect(Option.getOrThrow(stored)).toEqual(record)
      expect(intents).toEqual([])
    })
  )

  it.effect("a refused transition writes nothing", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record, entry } = pending()
      const exit = yield* session(
        filename,
        Effect.gen(function* () {
          const r = yield* registry
          yield* r.register({ record, effects: [] })
          return yield* Effect.exit(r.apply(POSITION_ID, moveStop(97)))
        })
      )
      expect(Exit.isFailure(exit)).toBe(true)
      const stored = yield* session(
        filename,
        Effect.flatMap(registry, (r) => r.get(POSITION_ID))
      )
      expect(Option.getOrThrow(stored)).toEqual(record)
      const unknown = yield* session(
        filename,
        Effect.flatMap(registry, (r) => Effect.flip(r.apply(PositionId.make("pos-00000000beef"), accepted(entry))))
      )
      expect(unknown._tag).toBe("UnknownPosition")
    })
  )

  it.effect("refuses a second position for the symbol and entries on exchange exposure; the same id is a no-op", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record } = pending()
      const results = yield* session(
        filename,
        Effect.gen(function* () {
          const r = yield* registry
          yield* r.register({ record, effects: [] })
          const again = yield* r.register({ record, effects: [] })
          const other = { ...record, positionId: PositionId.make("pos-00000000ffff"), side: "short" as const }
          const opposite = yield* Effect.flip(r.register({ record: other, effects: [] }))
          return { again, opposite }
        })
      )
      expect(results.again).toEqual([])
      expect(results.opposite.reason).toBe("opposite_position")
      const exposed = yield* session(
        freshFile(),
        Effect.flip(
          Effect.flatMap(registry, (r) => r.register({ record, effects: [] }, new Set([symbolKey("PF_XBTUSD")])))
        )
      )
      expect(exposed.reason).toBe("exchange_exposure")
    })
  )
})

describe("crash safety of intents", () => {
  it.effect("a crash after the intent is written resends it; a crash after sending looks it up first", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record, entry } = pending()
      // Process 1: the intent is committed, then the process dies before sending.
      yield* session(
        filename,
        Effect.flatMap(registry, (r) => r.register({ record, effects: [{ _tag: "PlaceOrder", request: entry }] }))
      )
      // Process 2: the pending intent was certainly not sent; it is marked sent, then the process dies again.
      const afterFirstCrash = yield* session(
        filename,
        Effect.gen(function* () {
          const r = yield* registry
          const [intent] = yield* r.unresolvedIntents
          const decision = resolveIntent(intent!, true, undefined)
          if (decision._tag === "Send") yield* r.markIntentSent(intent!.request.clientOrderId, T0 + 10)
          return decision
        })
      )
      expect(afterFirstCrash._tag).toBe("Send")
      // Process 3: a sent intent is never resent blindly: it is looked up, found and bound.
      const recovered = yield* session(
        filename,
        Effect.gen(function* () {
          const r = yield* registry
          const [intent] = yield* r.unresolvedIntents
          expect(resolveIntent(intent!, true, undefined)._tag).toBe("LookUp")
          const orderId = ExchangeOrderId.make("venue-entry-1")
          const decision = resolveIntent(intent!, true, {
            _tag: "Found",
            orderId,
            status: "filled",
            filledQuantity: d(1)
          })
          if (decision._tag === "Acknowledge")
            yield* r.recordIntentOutcome(intent!.request.clientOrderId, { _tag: "Acknowledged", orderId }, T0 + 20)
          yield* r.apply(POSITION_ID, resolutionEvent(intent!, decision, T0 + 20)!)
          // The venue's execution carries only its order id.
          const replayed = yield* r.apply(POSITION_ID, {
            _tag: "OrderFilled",
            fillId: "exec-1",
            orderId,
            quantity: d(1),
            price: d(100),
            fee: d(0),
            at: T0 + 21
          })
          return { decision, replayed, owner: yield* r.ownerOf(undefined, orderId), left: yield* r.unresolvedIntents }
        })
      )
      expect(recovered.decision).toMatchObject({ _tag: "Acknowledge", replayFills: true })
      expect(Option.getOrThrow(recovered.owner)).toBe(POSITION_ID)
      expect(recovered.replayed.record.state).toBe("OPEN")
      // The stop follows the replayed fill in the same transaction; only the new placements are unresolved.
      expect(recovered.left.map((i) => i.request.purpose)).toEqual(["stop", "tp1", "tp2"])
      expect(placements(recovered.replayed.effects)[0]?.quantity.toString()).toBe("1")
    })
  )

  it.effect("withdraws a pending intent but not one that may have reached the venue", () =>
    Effect.gen(function* () {
      const { record, entry } = pending()
      const [pendingWithdrawn, sentWithdrawn] = yield* session(
        freshFile(),
        Effect.gen(function* () {
          const r = yield* registry
          yield* r.register({ record, effects: [{ _tag: "PlaceOrder", request: entry }] })
          const first = yield* r.withdrawIntent(entry.clientOrderId, T0 + 1)
          yield* r.markIntentSent(entry.clientOrderId, T0 + 2)
          return [first, yield* r.withdrawIntent(entry.clientOrderId, T0 + 3)] as const
        })
      )
      expect([pendingWithdrawn, sentWithdrawn]).toEqual([true, false])
    })
  )

  it.effect("keeps its own transactions inside a transaction of another database", () =>
    Effect.gen(function* () {
      const filename = freshFile()
      const { record } = pending()
      const outcome = yield* Effect.scoped(
        Effect.gen(function* () {
          const main = yield* SqliteClient.make({ filename: ":memory:" })
          return yield* Effect.exit(
            main.withTransaction(
              Effect.gen(function* () {
                const r = yield* registry
                yield* r.register({ record, effects: [] })
                return yield* Effect.fail("main transaction aborted")
              })
            )
          )
        }).pipe(Effect.provide(Reactivity.layer), Effect.provide(layer({ filename })))
      )
      expect(Exit.isFailure(outcome)).toBe(true)
      const stored = yield* session(
        filename,
        Effect.flatMap(registry, (r) => r.get(POSITION_ID))
      )
      expect(Option.isSome(stored)).toBe(true)
    })
  )
})
