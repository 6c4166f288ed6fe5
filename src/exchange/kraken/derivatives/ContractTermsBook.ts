import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { dirname } from "node:path"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { Clock, Context, Duration, Effect, Either, Layer, Option, Ref, Schedule, Schema } from "effect"
import type { Decimal } from "../../../domain/Money.ts"
import type { FuturesSymbol } from "../../../domain/Symbols.ts"
import {
  type ContractTerms,
  ContractTerms as ContractTermsSchema,
  contractTermsOf,
  maxLeverage
} from "./ContractTerms.ts"
import { makeDerivativesRestClient } from "./DerivativesRestClient.ts"

/** Where the terms in use came from: v3 this run, the file v3 filled on an earlier run, the operator, or nowhere. */
export type TermsProvenance = "live" | "cached" | "declared" | "none"

export interface ContractTermsBookOptions {
  /** `exchange.kraken.futures_rest_url` (or the simulator's URL). */
  readonly futuresRestUrl: string
  /** The `instrumentSpecs` capability: false = never call Derivatives REST, run on cache and declared terms. */
  readonly enabled: boolean
  /** Keeps the last terms v3 gave, so a restart after the decommission still has them (`<data dir>/...json`). */
  readonly cacheFile: Option.Option<string>
  /** The operator's terms for contracts neither v3 nor the cache know. */
  readonly declared?: ReadonlyArray<ContractTerms>
  /** `runtime.instrument_spec_refresh_hours`: the layer re-reads v3 this often; none = read once at start. */
  readonly refreshEvery?: Duration.DurationInput
  /**
   * `runtime.instrument_spec_min_count`: a terms list (from v3 or the cache file) with fewer contracts is taken
   * for a truncated answer and never used; none = 1 (an empty list never replaces the terms).
   */
  readonly minCount?: number
}

export interface ContractTermsBookService {
  /** Terms of one contract: from v3 or its cache when they have it, else declared ones. */
  readonly terms: (symbol: FuturesSymbol) => Effect.Effect<Option.Option<ContractTerms>>
  /** Maximum leverage of the smallest position in `symbol`; none = unknown, trade as if leverage were 1. */
  readonly maxLeverage: (symbol: FuturesSymbol) => Effect.Effect<Option.Option<Decimal>>
  /** Reads v3 again; on failure, or a list shorter than `minCount`, keeps what it has and says so in the log. */
  readonly refresh: Effect.Effect<TermsProvenance>
  readonly provenance: Effect.Effect<TermsProvenance>
}

const CacheFile = Schema.parseJson(Schema.Struct({ savedAt: Schema.String, terms: Schema.Array(ContractTermsSchema) }))

const tooFew = (count: number, minCount: number) =>
  `${count} contract terms, fewer than runtime.instrument_spec_min_count (${minCount})`

const readCache = (path: string, minCount: number) =>
  Effect.tryPromise(() => readFile(path, "utf8")).pipe(
    Effect.flatMap(Schema.decodeUnknown(CacheFile)),
    Effect.tapError((e) =>
      e._tag === "UnknownException" && String(e.error).includes("ENOENT")
        ? Effect.void
        : Effect.logWarning(`contract terms cache ${path} unreadable, ignored: ${e.message}`)
    ),
    Effect.option,
    Effect.flatMap((cache) =>
      Option.isSome(cache) && cache.value.terms.length < minCount
        ? Effect.as(
            Effect.logWarning(`contract terms cache ${path} ignored: ${tooFew(cache.value.terms.length, minCount)}`),
            Option.none()
          )
        : Effect.succeed(cache)
    )
  )

// Written beside and renamed over: a crash mid-write leaves the previous cache, never a torn one.
const writeCache = (path: string, terms: ReadonlyArray<ContractTerms>, savedAt: string) =>
  Effect.gen(function* () {
    const text = yield* Schema.encode(CacheFile)({ savedAt, terms })
    yield* Effect.tryPromise(async () => {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(`${path}.tmp`, text, "utf8")
      await rename(`${path}.tmp`, path)
    })
  }).pipe(Effect.catchAll((e) => Effect.logWarning(`cannot save contract terms to ${path}: ${e.message}`)))

/**
 * Contract size and margin schedule (hence maximum leverage) per contract: the Unified WebSocket does not give
 * them, so they come from Derivatives REST v3 while it lives, then from the last copy it gave, then from the
 * operator. Every fall back to an older source is logged, once per refresh.
 */
export class ContractTermsBook extends Context.Tag("ContractTermsBook")<ContractTermsBook, ContractTermsBookService>() {
  static readonly make = (
    options: ContractTermsBookOptions
  ): Effect.Effect<ContractTermsBookService, never, HttpClient.HttpClient> =>
    Effect.gen(function* () {
      const client = yield* makeDerivativesRestClient({
        baseUrl: options.futuresRestUrl,
        capabilities: {
          instrumentSpecs: options.enabled,
          charts: false,
          fillHistory: false,
          leveragePreferences: false
        }
      })
      const minCount = options.minCount ?? 1
      const declared = new Map((options.declared ?? []).map((t) => [t.symbol, t]))
      const cached = yield* Option.match(options.cacheFile, {
        onNone: () => Effect.succeedNone,
        onSome: (path) => readCache(path, minCount)
      })
      const known = yield* Ref.make(
        new Map(Option.match(cached, { onNone: () => [], onSome: (c) => c.terms.map((t) => [t.symbol, t] as const) }))
      )
      const provenance = yield* Ref.make<TermsProvenance>(
        Option.isSome(cached) ? "cached" : declared.size > 0 ? "declared" : "none"
      )
      // A capability found gone (or switched off) stays so for the run: said once, not at every refresh; the
      // client itself warns when Kraken retires the endpoint, so then the fallback is only noted (one warning),
      // unless there is none: no terms at all (maximum leverage unknown) is a warning of its own
      const reportedGone = yield* Ref.make(false)

      const fallback = Effect.map(Ref.get(provenance), (current) =>
        current === "live"
          ? "the terms read earlier this run"
          : Option.isSome(cached)
            ? `the terms cached at ${cached.value.savedAt}`
            : declared.size > 0
              ? `${declared.size} declared terms`
              : "no terms at all: maximum leverage unknown"
      )

      const refresh = Effect.gen(function* () {
        const fetched = yield* Effect.either(client.instruments)
        if (Either.isRight(fetched)) {
          const terms = fetched.right.flatMap((i) => Option.toArray(contractTermsOf(i)))
          // A short list is more likely a partial answer than delisted contracts: keep what we have, cache included
          if (terms.length < minCount) {
            yield* Effect.logWarning(
              `contract terms: v3 gave ${tooFew(terms.length, minCount)}; using ${yield* fallback}`
            )
            return yield* Ref.get(provenance)
          }
          yield* Ref.set(known, new Map(terms.map((t) => [t.symbol, t])))
          yield* Ref.set(provenance, "live")
          const savedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
          yield* Option.match(options.cacheFile, {
            onNone: () => Effect.void,
            onSome: (p) => writeCache(p, terms, savedAt)
          })
          return "live" as const
        }
        const gone = fetched.left._tag === "DerivativesUnavailable"
        const said = gone && (yield* Ref.getAndSet(reportedGone, true))
        const retiredWarned = (yield* client.retired).has("instrumentSpecs")
        const nothingLeft = (yield* Ref.get(provenance)) === "none"
        const report = `contract terms: ${fetched.left.message}; using ${yield* fallback}`
        yield* said
          ? Effect.logDebug(report)
          : retiredWarned && !nothingLeft
            ? Effect.logInfo(report)
            : Effect.logWarning(report)
        return yield* Ref.get(provenance)
      }).pipe(Effect.withSpan("ContractTermsBook.refresh"))

      const terms = (symbol: FuturesSymbol) =>
        Effect.map(Ref.get(known), (map) =>
          Option.orElse(Option.fromNullable(map.get(symbol)), () => Option.fromNullable(declared.get(symbol)))
        )

      yield* refresh
      return {
        terms,
        maxLeverage: (symbol) => Effect.map(terms(symbol), Option.map(maxLeverage)),
        refresh,
        provenance: Ref.get(provenance)
      } satisfies ContractTermsBookService
    })

  /**
   * The book over Kraken's (or the simulator's) Derivatives REST, read at start and then every `refreshEvery`
   * (spec: instrument specs every 4 h) for the layer's life; a failed refresh keeps the terms and the cache file.
   */
  static readonly layer = (options: ContractTermsBookOptions): Layer.Layer<ContractTermsBook> =>
    Layer.scoped(
      ContractTermsBook,
      Effect.gen(function* () {
        const book = yield* ContractTermsBook.make(options)
        // A switched-off capability never answers: no loop to refresh it
        if (options.enabled && options.refreshEvery !== undefined) {
          const every = Duration.decode(options.refreshEvery)
          yield* Effect.forkScoped(Effect.repeat(book.refresh, Schedule.spaced(every)).pipe(Effect.delay(every)))
        }
        return book
      })
    ).pipe(Layer.provide(FetchHttpClient.layer))
}
