import { Either, ParseResult, Schema } from "effect"
import type { FaultConfig } from "./Faults.ts"

/** A `--faults` entry that cannot be read; `message` names the entry, the kind and what is wrong. */
export class FaultSpecError extends Schema.TaggedError<FaultSpecError>()("FaultSpecError", {
  entry: Schema.String,
  kind: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `fault "${this.entry}": ${this.kind === "" ? "" : `${this.kind}: `}${this.reason}`
  }
}

export type FaultSettings = Omit<FaultConfig, "seed">

/** Default latency of `latency=RATE` and size of a gap of `priceGap=RATE`. */
export const DEFAULT_LATENCY_MS = 500
export const DEFAULT_GAP_PCT = 2

const KINDS: ReadonlyArray<string> = [
  "http5xx",
  "rateLimit",
  "timeout",
  "wsDrop",
  "wsStall",
  "orderReject",
  "latency",
  "priceGap",
  "partialFill"
]

/** The grammar, for help texts and errors. */
export const FAULT_SPEC_SYNTAX =
  `kind=rate[,kind=rate...]; rates in [0, 1]; latency=RATE[:MS] (default ${DEFAULT_LATENCY_MS} ms), ` +
  `priceGap=RATE[:PCT] (default ${DEFAULT_GAP_PCT} %), partialFill=RATIO (share of an order filled per price point, in (0, 1]); ` +
  `kinds: ${KINDS.join(", ")}`

const WITH_PARAMETER: ReadonlySet<string> = new Set(["latency", "priceGap"])

/** A plain non-negative decimal number (no sign, no exponent), else undefined. */
const number = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined

/** One `kind=value` entry as the settings it contributes. */
const parseEntry = (entry: string): Either.Either<FaultSettings, FaultSpecError> => {
  const [kind = "", value, ...rest] = entry.split("=").map((s) => s.trim())
  const fail = (reason: string, named = kind) => Either.left(new FaultSpecError({ entry, kind: named, reason }))
  if (value === undefined || rest.length > 0) return fail(`expected kind=rate (${FAULT_SPEC_SYNTAX})`, "")
  if (!KINDS.includes(kind)) return fail(`unknown fault kind "${kind}" (known: ${KINDS.join(", ")})`, "")
  const [first = "", second, ...extra] = value.split(":").map((s) => s.trim())
  if (extra.length > 0 || (second !== undefined && !WITH_PARAMETER.has(kind)))
    return fail(`unexpected "${value}" (${FAULT_SPEC_SYNTAX})`)
  const rate = number(first)
  if (kind === "partialFill")
    return rate === undefined || rate <= 0 || rate > 1
      ? fail(`fill ratio "${first}" is not a number in (0, 1]`)
      : Either.right({ partialFill: { fillRatio: first } })
  if (rate === undefined || rate > 1) return fail(`rate "${first}" is not a number in [0, 1]`)
  const parameter = number(second)
  if (second !== undefined && (parameter === undefined || parameter <= 0))
    return fail(`${kind === "latency" ? "milliseconds" : "percent"} "${second}" is not a positive number`)
  if (kind === "latency") return Either.right({ latency: { rate, ms: parameter ?? DEFAULT_LATENCY_MS } })
  if (kind === "priceGap") return Either.right({ priceGap: { rate, pct: parameter ?? DEFAULT_GAP_PCT } })
  return Either.right({ [kind]: { rate } })
}

/**
 * `kind=rate,kind=rate` as the server's fault settings (seeded by the server's seed), e.g.
 * `http5xx=0.05,latency=0.2:250,partialFill=0.5`. An empty text is no fault; a kind given twice is refused.
 */
export const parseFaultSpec = (text: string): Either.Either<FaultSettings, FaultSpecError> => {
  let settings: FaultSettings = {}
  for (const entry of text.split(",").map((s) => s.trim())) {
    if (entry === "") continue
    const parsed = parseEntry(entry)
    if (Either.isLeft(parsed)) return parsed
    const [kind = ""] = Object.keys(parsed.right)
    if (kind in settings) return Either.left(new FaultSpecError({ entry, kind, reason: "given twice" }))
    settings = { ...settings, ...parsed.right }
  }
  return Either.right(settings)
}

/** The settings in the `--faults` grammar (what the server prints); empty for none. */
export const formatFaultSpec = (settings: FaultSettings): string => {
  const entries = Object.entries(settings).flatMap(([kind, value]: [string, unknown]) => {
    if (value === undefined) return []
    const v = value as { rate?: number; ms?: number; pct?: number; fillRatio?: string | number }
    if (kind === "partialFill") return [`${kind}=${v.fillRatio}`]
    const parameter = v.ms ?? v.pct
    return [`${kind}=${v.rate}${parameter === undefined ? "" : `:${parameter}`}`]
  })
  return entries.join(",")
}

const FaultSettingsFromSelf = Schema.declare(
  (input: unknown): input is FaultSettings => typeof input === "object" && input !== null,
  { identifier: "FaultSettings" }
)

/** The `--faults` grammar as a Schema (configuration): decodes to the settings, a bad entry's message names it. */
export const FaultSpecText: Schema.Schema<FaultSettings, string> = Schema.transformOrFail(
  Schema.String,
  FaultSettingsFromSelf,
  {
    strict: true,
    decode: (text, _, ast) =>
      Either.match(parseFaultSpec(text), {
        onLeft: (e) => ParseResult.fail(new ParseResult.Type(ast, text, e.message)),
        onRight: ParseResult.succeed
      }),
    encode: (settings) => ParseResult.succeed(formatFaultSpec(settings))
  }
).annotations({ identifier: "FaultSpecText" })
