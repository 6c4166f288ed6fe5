/** The bot's commands; each alias maps to one (spec runtime-and-ops §5 plus /orders, /pnl, /kill, /resume). */
export type BotCommand = "status" | "positions" | "trades" | "orders" | "pnl" | "kill" | "resume" | "help"

const ALIASES: Record<string, BotCommand> = {
  status: "status",
  s: "status",
  positions: "positions",
  pos: "positions",
  p: "positions",
  trades: "trades",
  t: "trades",
  orders: "orders",
  pnl: "pnl",
  kill: "kill",
  resume: "resume",
  help: "help",
  start: "help"
}

export type ParsedMessage =
  | { readonly _tag: "Command"; readonly command: BotCommand; readonly args: string }
  | { readonly _tag: "Unknown"; readonly name: string }
  | { readonly _tag: "NotACommand" }

/** `/cmd@BotName args` → the command; names are case-insensitive, the @BotName suffix of group chats is dropped. */
export const parseMessage = (text: string): ParsedMessage => {
  const match = /^\/([A-Za-z0-9_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim())
  if (match === null) return { _tag: "NotACommand" }
  const name = (match[1] ?? "").toLowerCase()
  const command = ALIASES[name]
  return command === undefined ? { _tag: "Unknown", name } : { _tag: "Command", command, args: (match[2] ?? "").trim() }
}

export const HELP_TEXT = [
  "Commands:",
  "/status (/s) — mode, safety state, equity, margin, last tick",
  "/positions (/pos, /p) — open positions with stops and targets",
  "/trades (/t) [n] — the last n closed trades (default 10)",
  "/orders — open orders",
  "/pnl — realized and unrealized P&L",
  "/kill [reason] — stop new entries, cancel entries and take-profits (stops stay)",
  "/resume — clear the kill switch",
  "/help — this list"
].join("\n")
