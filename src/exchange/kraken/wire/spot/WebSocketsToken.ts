import { Schema } from "effect"
import { SpotResponse } from "./SpotResponse.ts"

export const GET_WEBSOCKETS_TOKEN_PATH = "/0/private/GetWebSocketsToken"

/** The UWS token: use it within `expires` seconds (15 minutes); it then lives as long as its connection. */
export const WebSocketsToken = Schema.Struct({ token: Schema.String, expires: Schema.Int })
export type WebSocketsToken = typeof WebSocketsToken.Type

export const WebSocketsTokenResponse = SpotResponse(WebSocketsToken)
