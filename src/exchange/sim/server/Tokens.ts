import { Random } from "../../../domain/Random.ts"

/** Token lifetime before first use (Kraken: 15 minutes); a used token lives as long as the server. */
export const TOKEN_EXPIRES_S = 900

/** WebSocket tokens issued by GetWebSocketsToken; seeded, so a run's tokens repeat with its seed. */
export class TokenStore {
  private readonly random: Random
  private readonly issued = new Map<string, number>()
  private readonly used = new Set<string>()

  constructor(seed: number) {
    this.random = new Random(seed, "ws-token")
  }

  issue(nowMs: number): string {
    const bytes = Buffer.alloc(24)
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32BE(this.random.uint32(), i)
    const token = bytes.toString("base64")
    this.issued.set(token, nowMs)
    return token
  }

  /** True for a token in use, or issued and first used within its lifetime (wall time). */
  accept(token: string, nowMs: number): boolean {
    if (this.used.has(token)) return true
    const issuedAt = this.issued.get(token)
    if (issuedAt === undefined || nowMs - issuedAt > TOKEN_EXPIRES_S * 1000) return false
    this.used.add(token)
    return true
  }
}
