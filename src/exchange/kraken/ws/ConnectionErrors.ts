import { Data } from "effect"
import type { KrakenDecodeError } from "../wire/DecodeError.ts"

/** The request was never sent: no open, synced connection. Safe to retry. */
export class NotConnected extends Data.TaggedError("NotConnected")<{
  readonly method: string
  readonly reason: string
}> {}

/** Sent, but no response within the timeout, or the connection dropped first: the outcome is unknown. */
export class NoResponse extends Data.TaggedError("NoResponse")<{ readonly method: string; readonly reason: string }> {}

/** The venue answered `success: false` with this error string. */
export class VenueRefused extends Data.TaggedError("VenueRefused")<{
  readonly method: string
  readonly error: string
}> {}

/** Our own request did not encode (an invalid value), so it was not sent. */
export class InvalidRequest extends Data.TaggedError("InvalidRequest")<{
  readonly method: string
  readonly detail: string
}> {}

/** The response arrived but did not decode. */
export class UndecodableResponse extends Data.TaggedError("UndecodableResponse")<{
  readonly method: string
  readonly error: KrakenDecodeError
}> {}

export type RequestError = NotConnected | NoResponse | VenueRefused | InvalidRequest | UndecodableResponse
