import { createServer } from "node:net"
import { Effect } from "effect"

/** A loopback port that was free a moment ago (a configured port must be 1–65535, so port 0 cannot be configured). */
export const freePort = Effect.async<number>((resume) => {
  const probe = createServer()
  probe.listen(0, "127.0.0.1", () => {
    const address = probe.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    probe.close(() => resume(Effect.succeed(port)))
  })
})
