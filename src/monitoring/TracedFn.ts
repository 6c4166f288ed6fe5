import { Effect, FiberRef } from "effect"
import { isGeneratorFunction } from "effect/Utils"

type Pipeable = (effect: Effect.Effect<unknown, unknown, unknown>, ...args: Array<unknown>) => unknown
type Body = (...args: Array<unknown>) => unknown

/** The body and its pipeables without a span: `Effect.fnUntraced`, or a plain call for a body returning an Effect. */
const untraced = (body: Body, pipeables: ReadonlyArray<Pipeable>) => {
  if (isGeneratorFunction(body))
    return (Effect.fnUntraced as (b: Body, ...p: ReadonlyArray<Pipeable>) => Body)(body, ...pipeables)
  return function (this: unknown, ...args: Array<unknown>) {
    let effect = body.apply(this, args)
    for (const pipeable of pipeables) effect = pipeable(effect as Effect.Effect<unknown, unknown, unknown>, ...args)
    return effect
  }
}

/**
 * `Effect.fn(name)`, a span per call (style rule 10), while the tracer is enabled; the bare body while it is
 * disabled. Effect builds a no-op span per call even with the tracer off, about 10–40 µs each on this machine,
 * which a backtest (tracer off unless asked for spans) paid several times per symbol per bar. Same types and
 * behaviour as `Effect.fn(name)` otherwise.
 */
export const tracedFn = (name: string) => {
  const traced = Effect.fn(name)
  return ((body: Body, ...pipeables: Array<Pipeable>) => {
    const withSpan = (traced as unknown as (b: Body, ...p: Array<Pipeable>) => Body)(body, ...pipeables)
    const bare = untraced(body, pipeables)
    return function (this: unknown, ...args: Array<unknown>) {
      return Effect.flatMap(
        FiberRef.get(FiberRef.currentTracerEnabled),
        (enabled) => (enabled ? withSpan : bare).apply(this, args) as Effect.Effect<unknown, unknown, unknown>
      )
    }
  }) as unknown as typeof traced
}
