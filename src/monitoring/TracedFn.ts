import { Effect, FiberRef } from "effect"
import { isGeneratorFunction } from "effect/Utils"

type Pipeable = (effect: Effect.Effect<unknown, unknown, unknown>, ...args: Array<unknown>) => unknown
type Body = (...args: Array<unknown>) => unknown

/**
 * The body and its pipeables, no span: `Effect.fnUntraced` for a generator; for a body returning an Effect, a plain
 * call whose synchronous throw becomes a defect the pipeables see (as `Effect.fn` does).
 */
const untraced = (body: Body, pipeables: ReadonlyArray<Pipeable>) => {
  if (isGeneratorFunction(body))
    return (Effect.fnUntraced as (b: Body, ...p: ReadonlyArray<Pipeable>) => Body)(body, ...pipeables)
  return function (this: unknown, ...args: Array<unknown>) {
    let effect: unknown
    try {
      effect = body.apply(this, args)
    } catch (defect) {
      effect = Effect.die(defect)
    }
    for (const pipeable of pipeables) effect = pipeable(effect as Effect.Effect<unknown, unknown, unknown>, ...args)
    return effect
  }
}

/** Where the service method was defined (the caller of `tracedFn(name)(body)`), read only when a trace is printed. */
const definitionSite = () => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 3
  const error = new Error()
  Error.stackTraceLimit = limit
  let site: string | undefined
  return () => {
    // Frames: this function, the definition wrapper below, then its caller: the service's own line
    site ??= (error.stack ?? "").split("\n")[3]?.trim() ?? ""
    return site
  }
}

/**
 * `Effect.fn(name)`, a span per call (style rule 10), while the tracer is enabled; the bare body while it is
 * disabled. Effect builds a no-op span per call even with the tracer off, about 10–40 µs each on this machine,
 * which a backtest (tracer off unless asked for spans) paid several times per symbol per bar. Same types, results,
 * failures and pipeables as `Effect.fn(name)`; a failure's span trace names the method's definition site (not,
 * as `Effect.fn` also does, each call site: capturing that costs a stack capture per call, traced or not).
 */
export const tracedFn = (name: string) =>
  ((body: Body, ...pipeables: Array<Pipeable>) => {
    const bare = untraced(body, pipeables)
    const captureStackTrace = definitionSite()
    return function (this: unknown, ...args: Array<unknown>) {
      return Effect.flatMap(FiberRef.get(FiberRef.currentTracerEnabled), (enabled) => {
        const effect = bare.apply(this, args) as Effect.Effect<unknown, unknown, unknown>
        return enabled ? Effect.withSpan(effect, name, { captureStackTrace }) : effect
      })
    }
  }) as unknown as Effect.fn.Gen & Effect.fn.NonGen
