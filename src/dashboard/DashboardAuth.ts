import { createHash, timingSafeEqual } from "node:crypto"
import { Option, Redacted } from "effect"

/** What an acting request may do: act, or be refused because no token is configured or it did not present it. */
export type Authorization = "granted" | "disabled" | "unauthorized"

// Hashing first gives equal-length buffers, so the comparison's timing says nothing about the token's length.
const digest = (text: string) => createHash("sha256").update(text, "utf8").digest()

/** Checks an `Authorization` header against the configured token: `Bearer <token>`, compared in constant time. */
export const authorize = (
  token: Option.Option<Redacted.Redacted<string>>,
  header: string | undefined
): Authorization => {
  if (Option.isNone(token)) return "disabled"
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")
  const presented = match?.[1]
  if (presented === undefined) return "unauthorized"
  return timingSafeEqual(digest(presented), digest(Redacted.value(token.value))) ? "granted" : "unauthorized"
}

/** The name part of a Host header: `127.0.0.1:8080` → `127.0.0.1`, `[::1]:8080` → `[::1]`. */
const hostnameOf = (header: string): string =>
  header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : (header.split(":")[0] ?? "")

/** True for 127.0.0.0/8, `localhost` and `::1`, with or without a port. */
export const isLoopbackHost = (header: string): boolean => {
  const name = hostnameOf(header.trim().toLowerCase())
  return name === "localhost" || name === "[::1]" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}
