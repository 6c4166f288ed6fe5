import { Schema } from "effect"

/** A call to an alert or bot transport (Telegram Bot API, Discord webhook) that did not succeed. */
export class ChannelError extends Schema.TaggedError<ChannelError>()("ChannelError", {
  channel: Schema.String,
  operation: Schema.String,
  /** HTTP status, when a response arrived. */
  status: Schema.optional(Schema.Number),
  description: Schema.String,
  /** Seconds the service asked us to wait (HTTP 429). */
  retryAfterSeconds: Schema.optional(Schema.Number)
}) {
  override get message() {
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`
    return `${this.channel} ${this.operation} failed${status}: ${this.description}`
  }

  /** Transport failures, rate limits and server errors may pass; other client errors (bad token, chat) will not. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500
  }
}
