import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import { Either, Option } from "effect"
import { FAULT_SPEC_SYNTAX, parseFaultSpec } from "../exchange/sim/faults/FaultSpec.ts"
import { DEFAULT_HISTORY_DAYS, runSimServer } from "../exchange/sim/server/RunSimServer.ts"

const options = {
  port: Options.integer("port").pipe(Options.withDescription("Port for HTTP and WebSocket (0 picks a free one)")),
  host: Options.text("host").pipe(Options.withDescription("Interface to listen on"), Options.withDefault("127.0.0.1")),
  seed: Options.integer("seed").pipe(
    Options.withDescription("Seed of prices, instruments and faults"),
    Options.withDefault(42)
  ),
  apiKey: Options.text("api-key").pipe(Options.withDescription("API key the venue accepts"), Options.optional),
  apiSecret: Options.text("api-secret").pipe(
    Options.withDescription("Base64 API secret the venue accepts (default: derived from the seed)"),
    Options.optional
  ),
  data: Options.text("data").pipe(
    Options.withDescription("'synthetic', or a directory of candle files (PAIR_MINUTES[.norm].csv)"),
    Options.withDefault("synthetic")
  ),
  speed: Options.float("speed").pipe(
    Options.withDescription("Market seconds per real second"),
    Options.withDefault(60)
  ),
  historyDays: Options.integer("history-days").pipe(
    Options.withDescription("Days of candle history served before the venue's first price (synthetic: before now)"),
    Options.withDefault(DEFAULT_HISTORY_DAYS),
    Options.mapEffect((days) =>
      days >= 1
        ? Either.right(days)
        : Either.left(ValidationError.invalidValue(HelpDoc.p(`--history-days must be at least 1, got ${days}`)))
    )
  ),
  faults: Options.text("faults").pipe(
    Options.withDescription(`Injected faults, seeded by --seed: ${FAULT_SPEC_SYNTAX}`),
    Options.withDefault(""),
    Options.mapEffect((text) =>
      Either.mapLeft(parseFaultSpec(text), (e) => ValidationError.invalidValue(HelpDoc.p(`--faults ${e.message}`)))
    )
  )
}

export const simServerCommand = Command.make("sim-server", options, (flags) =>
  runSimServer({
    port: flags.port,
    host: flags.host,
    seed: flags.seed,
    data: flags.data,
    speed: flags.speed,
    historyDays: flags.historyDays,
    faults: flags.faults,
    ...Option.match(flags.apiKey, { onNone: () => ({}), onSome: (apiKey) => ({ apiKey }) }),
    ...Option.match(flags.apiSecret, { onNone: () => ({}), onSome: (apiSecret) => ({ apiSecret }) })
  })
).pipe(
  Command.withDescription(
    "Serve the simulated Kraken venue on one port: Unified WebSocket (/v2/public, /v2/private), Spot REST (/0/...) " +
      "and Derivatives REST v3 (/derivatives/api/v3/...), with signatures verified; runs until stopped"
  )
)
