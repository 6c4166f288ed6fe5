import type { WebSocket } from "ws"
import { Heartbeat, Pong, StatusMessage } from "../../kraken/wire/Envelope.ts"
import type { FaultInjector } from "../faults/Faults.ts"
import { encodeFrame } from "./Frames.ts"
import { wireTime } from "./WireTime.ts"

export interface SessionOptions {
  readonly heartbeatMs: number
  readonly faults: FaultInjector
  readonly connectionId: number
}

/**
 * One WebSocket connection's plumbing: the status frame on connect, a heartbeat when nothing else was sent for
 * `heartbeatMs`, application ping/pong, and the WebSocket faults (an abrupt drop, or a silent stall after which
 * nothing more is sent while the socket stays open).
 */
export class WsSession {
  private lastSent = Date.now()
  private stalled = false
  private readonly timer: NodeJS.Timeout
  private readonly cleanups: Array<() => void> = []

  constructor(
    readonly socket: WebSocket,
    private readonly options: SessionOptions
  ) {
    this.timer = setInterval(
      () => {
        if (Date.now() - this.lastSent >= options.heartbeatMs)
          this.send(encodeFrame(Heartbeat, { channel: "heartbeat" }))
      },
      Math.max(10, Math.floor(options.heartbeatMs / 4))
    )
    socket.on("close", () => this.dispose())
    this.send(
      encodeFrame(StatusMessage, {
        channel: "status",
        type: "update",
        data: [{ system: "online", api_version: "v2", connection_id: options.connectionId, version: "sim" }]
      })
    )
  }

  onDispose(cleanup: () => void): void {
    this.cleanups.push(cleanup)
  }

  send(text: string): void {
    if (this.stalled || this.socket.readyState !== this.socket.OPEN) return
    this.lastSent = Date.now()
    this.socket.send(text)
  }

  /** Applies the per-frame faults; false when the frame must be ignored (dropped or stalled connection). */
  admit(): boolean {
    if (this.stalled) return false
    if (this.options.faults.strikes("wsDrop")) {
      this.socket.terminate()
      return false
    }
    if (this.options.faults.strikes("wsStall")) {
      this.stalled = true
      return false
    }
    return true
  }

  pong(reqId: number | undefined, receivedMs: number): void {
    this.send(
      encodeFrame(Pong, {
        method: "pong",
        ...(reqId !== undefined && { req_id: reqId }),
        time_in: wireTime(receivedMs),
        time_out: wireTime(Date.now())
      })
    )
  }

  private dispose(): void {
    clearInterval(this.timer)
    for (const cleanup of this.cleanups.splice(0)) cleanup()
  }
}
