import { Schema } from "effect"
import { stringifyFrame } from "../../kraken/wire/Json.ts"

/** A server frame as text: encoded by its wire schema (decimals stay exact number tokens). */
export const encodeFrame = <A, I>(schema: Schema.Schema<A, I>, value: NoInfer<A>): string =>
  stringifyFrame(Schema.encodeSync(schema)(value))

/** The routing fields of a frame that did not decode, so its error reply still names the method and req_id. */
export const frameRoute = (value: unknown): { readonly method: string; readonly req_id?: number } => {
  const record = typeof value === "object" && value !== null ? value : {}
  const method = Reflect.get(record, "method")
  const reqId = Reflect.get(record, "req_id")
  return {
    method: typeof method === "string" ? method : "unknown",
    ...(typeof reqId === "number" && Number.isSafeInteger(reqId) && { req_id: reqId })
  }
}
