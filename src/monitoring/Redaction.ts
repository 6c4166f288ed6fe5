import { Option, Redacted } from "effect"

export const REDACTED = "<redacted>"

/** Removes secrets from a piece of text; applied to every log line and every alert before it leaves the process. */
export type Redactor = (text: string) => string

/** Shorter configured values are not treated as secrets: redacting them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4

/** Shapes of credentials that may reach a message without being configured here (from an error or a URL). */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Telegram bot tokens, alone or inside /bot<token>/ URLs.
  [/\d{5,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // Discord webhook tokens.
  [/(discord(?:app)?\.com\/api\/webhooks\/\d+\/)[A-Za-z0-9._-]+/gi, `$1${REDACTED}`],
  // Passwords in URLs (postgres://user:pass@host).
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]+@/gi, `$1:${REDACTED}@`],
  // key=value and "key": "value" pairs whose key names a credential (query strings, headers, JSON).
  [
    /\b(api[_-]?key|api[_-]?secret|apikey|secret|token|access[_-]?token|password|passwd|signature|authent|authorization)(["']?\s*[=:]\s*["']?)(bearer\s+)?[^\s"'&,;}]+/gi,
    `$1$2$3${REDACTED}`
  ]
]

const SECRET_KEY = /(api[_-]?key|secret|token|password|passwd|signature|authent|authorization|webhook)/i

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** A redactor for the given secret values (also in their URL- and JSON-escaped spellings) and the common patterns. */
export const makeRedactor = (secrets: Iterable<string>): Redactor => {
  const spellings = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue
    spellings.add(secret)
    spellings.add(encodeURIComponent(secret))
    spellings.add(JSON.stringify(secret).slice(1, -1))
  }
  const ordered = [...spellings].sort((a, b) => b.length - a.length)
  const literal = ordered.length === 0 ? undefined : new RegExp(ordered.map(escapeRegExp).join("|"), "g")
  return (text) => {
    let result = literal === undefined ? text : text.replace(literal, REDACTED)
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement)
    return result
  }
}

/** Every `Redacted` string inside a decoded configuration (credentials are `Option<Redacted<string>>`). */
export const collectSecrets = (value: unknown): Array<string> => {
  const found: Array<string> = []
  const seen = new Set<unknown>()
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return
    seen.add(node)
    if (Redacted.isRedacted(node)) {
      const inner = Redacted.value(node)
      if (typeof inner === "string") found.push(inner)
    } else if (Option.isOption(node)) {
      if (Option.isSome(node)) visit(node.value)
    } else if (Array.isArray(node)) {
      node.forEach(visit)
    } else {
      Object.values(node).forEach(visit)
    }
  }
  visit(value)
  return found
}

type Json = string | number | boolean | null | ReadonlyArray<Json> | { readonly [key: string]: Json }

const hasToJson = (value: object): value is { toJSON: () => unknown } =>
  "toJSON" in value && typeof value.toJSON === "function"

/** A JSON-safe copy of a log annotation or message part with every string redacted and credential keys blanked. */
export const redactValue = (redact: Redactor, value: unknown, depth = 0): Json => {
  if (typeof value === "string") return redact(value)
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value)
  if (typeof value === "boolean" || value === null) return value
  if (value === undefined) return null
  if (typeof value !== "object") return redact(String(value))
  if (Redacted.isRedacted(value)) return REDACTED
  if (depth > 8) return "[depth]"
  if (value instanceof Error && !hasToJson(value)) return redact(String(value))
  if (Array.isArray(value)) return value.map((item) => redactValue(redact, item, depth + 1))
  if (hasToJson(value)) {
    const json = value.toJSON()
    return json === value ? redact(String(value)) : redactValue(redact, json, depth + 1)
  }
  const result: Record<string, Json> = {}
  for (const [key, child] of Object.entries(value)) {
    result[key] = SECRET_KEY.test(key) && typeof child === "string" ? REDACTED : redactValue(redact, child, depth + 1)
  }
  return result
}
