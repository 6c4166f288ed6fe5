/**
 * Error strings a Unified WebSocket method response carries in `error`, and the Spot REST auth errors behind the
 * token. Only the subscription strings are confirmed on UWS pages; the engine strings follow Spot v2
 * (kraken-unified-ws.md §5), so the simulator sends these same constants and the adapter maps them.
 */
export const UwsError = {
  insufficientFunds: "EOrder:Insufficient funds",
  insufficientMargin: "EOrder:Insufficient margin",
  invalidPrice: "EOrder:Invalid price",
  invalidOrder: "EOrder:Invalid order",
  unknownOrder: "EOrder:Unknown order",
  rateLimitExceeded: "EOrder:Rate limit exceeded",
  tooManyRequests: "EGeneral:Too many requests",
  ordersLimitExceeded: "EOrder:Orders limit exceeded",
  postOnly: "EOrder:Post only order",
  reduceOnlyNonPc: "EOrder:Reduce only:Non-PC",
  reduceOnlyPositionSize: "EOrder:Reduce only:Position size",
  invalidArguments: "EGeneral:Invalid arguments",
  invalidSession: "ESession:Invalid session",
  invalidPermissions: "EAccount:Invalid permissions",
  alreadySubscribedPositions: "Already subscribed to positions channel",
  alreadySubscribedMargin: "Already subscribed to margin channel",
  marginSnapshotNotValid: "'params.snapshot' is not valid for the margin channel"
} as const

export type UwsError = (typeof UwsError)[keyof typeof UwsError]

/** `EGeneral:Invalid arguments:<detail>`: Kraken appends what was wrong. */
export const invalidArguments = (detail: string): string => `${UwsError.invalidArguments}:${detail}`

/** Spot REST errors (`error: [...]` strings), including those of GetWebSocketsToken. */
export const SpotRestError = {
  invalidKey: "EAPI:Invalid key",
  invalidSignature: "EAPI:Invalid signature",
  invalidNonce: "EAPI:Invalid nonce",
  permissionDenied: "EGeneral:Permission denied",
  unknownAssetPair: "EQuery:Unknown asset pair",
  invalidArguments: "EGeneral:Invalid arguments",
  // Kraken's documented REST limit error; not in the offline reference, kept for the simulator's rate limiting.
  rateLimitExceeded: "EAPI:Rate limit exceeded"
} as const

export type SpotRestError = (typeof SpotRestError)[keyof typeof SpotRestError]
