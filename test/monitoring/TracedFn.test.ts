import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Option, Tracer } from "effect"
import { tracedFn } from "../../src/monitoring/TracedFn.ts"

/** A tracer that records the name of every span it is asked to start. */
const recordingTracer = () => {
  const names: Array<string> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      names.push(name)
      return {
        _tag: "Span",
        name,
        spanId: `span-${names.length}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: new Map(),
        links,
        sampled: true,
        kind,
        end: () => {},
        attribute: () => {},
        event: () => {},
        addLinks: () => {}
      }
    },
    context: (f) => f()
  })
  return { names, tracer }
}

const double = tracedFn("Test.double")(function* (n: number) {
  return (yield* Effect.succeed(n)) * 2
})
const half = tracedFn("Test.half")((n: number) => (n % 2 === 0 ? Effect.succeed(n / 2) : Effect.fail(`odd: ${n}`)))
// Pipeables receive the effect and the call's arguments, as Effect.fn's do
const labelled = tracedFn("Test.labelled")(
  function* (n: number) {
    return (yield* Effect.succeed(n)) + 1
  },
  (effect, n) => Effect.map(effect, (value) => `${n} -> ${value}`)
)

// Effect.fn with the tracer off still runs its body inside a (no-op) span: tracedFn must not build one
const currentSpanName = tracedFn("Test.currentSpan")(function* () {
  return Option.map(yield* Effect.option(Effect.currentSpan), (span) => span.name)
})

const calls = Effect.all([double(21), Effect.either(half(7)), half(8), labelled(1)])

describe("tracedFn", () => {
  it.effect("with the tracer enabled: one span per call, named as Effect.fn would", () =>
    Effect.gen(function* () {
      const { names, tracer } = recordingTracer()
      const results = yield* calls.pipe(Effect.withTracer(tracer), Effect.withTracerEnabled(true))
      expect(names).toEqual(["Test.double", "Test.half", "Test.half", "Test.labelled"])
      expect(results[0]).toBe(42)
      expect(results[2]).toBe(4)
      expect(results[3]).toBe("1 -> 2")
      expect(yield* currentSpanName().pipe(Effect.withTracer(tracer))).toEqual(Option.some("Test.currentSpan"))
    })
  )

  it.effect("with the tracer disabled: no span at all, the same results, failures and pipeables", () =>
    Effect.gen(function* () {
      const [doubled, odd, halved, label] = yield* calls.pipe(Effect.withTracerEnabled(false))
      expect(doubled).toBe(42)
      expect(odd._tag === "Left" && odd.left).toBe("odd: 7")
      expect(halved).toBe(4)
      expect(label).toBe("1 -> 2")
      expect(yield* currentSpanName().pipe(Effect.withTracerEnabled(false))).toEqual(Option.none())
      const plain = Effect.fn("Test.plain")(function* () {
        return Option.map(yield* Effect.option(Effect.currentSpan), (span) => span.name)
      })
      // What tracedFn saves: Effect.fn's span exists even with the tracer off
      expect(yield* plain().pipe(Effect.withTracerEnabled(false))).toEqual(Option.some("Test.plain"))
    })
  )

  it.effect("a defect in the body dies in both modes", () =>
    Effect.gen(function* () {
      const boom = tracedFn("Test.boom")(function* () {
        yield* Effect.void
        throw new Error("boom")
      })
      for (const enabled of [true, false]) {
        const exit = yield* Effect.exit(boom().pipe(Effect.withTracerEnabled(enabled)))
        expect(Exit.isFailure(exit) && Exit.causeOption(exit)._tag === "Some").toBe(true)
        expect(String(Exit.isFailure(exit) ? exit.cause : "")).toContain("boom")
      }
    })
  )

  it.effect("a body that throws synchronously dies before its pipeables, which see the defect in both modes", () =>
    Effect.gen(function* () {
      const throwing = tracedFn("Test.throwing")(
        (n: number): Effect.Effect<number> => {
          if (n < 0) throw new Error(`negative: ${n}`)
          return Effect.succeed(n)
        },
        (effect) => Effect.catchAllDefect(effect, () => Effect.succeed(-1))
      )
      for (const enabled of [true, false]) {
        expect(yield* throwing(-5).pipe(Effect.withTracerEnabled(enabled))).toBe(-1)
        expect(yield* throwing(5).pipe(Effect.withTracerEnabled(enabled))).toBe(5)
      }
    })
  )

  it.effect("a traced failure's trace names the span and the method's definition site", () =>
    Effect.gen(function* () {
      const fails = tracedFn("Test.fails")(function* () {
        return yield* Effect.fail(new Error("nope"))
      })
      const exit = yield* Effect.exit(fails().pipe(Effect.withTracerEnabled(true)))
      const printed = Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
      expect(printed).toContain("Test.fails")
      expect(printed).toContain("TracedFn.test.ts")
      // The method's own line, not the wrapper's
      expect(printed).not.toContain("src/monitoring/TracedFn.ts")
    })
  )
})
