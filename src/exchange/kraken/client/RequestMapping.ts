import { type OrderEntryError, OrderRejected, Transient, UnknownResult } from "../../ExchangeErrors.ts"
import type { RequestError } from "../ws/ConnectionErrors.ts"
import { fromWireDecode, mapKrakenError } from "./ErrorMapping.ts"

/**
 * A failed order-entry request in port terms. Only "sent and no answer" is ambiguous (`UnknownResult`); not
 * sent at all is `Transient`; an unreadable answer to an order is ambiguous too (we cannot tell what it said).
 */
export const orderEntryError =
  (operation: string, clientOrderId?: string) =>
  (e: RequestError): OrderEntryError => {
    const id = clientOrderId === undefined ? {} : { clientOrderId }
    switch (e._tag) {
      case "NotConnected":
        return new Transient({ operation, reason: e.reason })
      case "NoResponse":
        return new UnknownResult({ operation, ...id, reason: e.reason })
      case "VenueRefused":
        return mapKrakenError(operation, e.error, clientOrderId)
      case "InvalidRequest":
        return new OrderRejected({ operation, ...id, reason: `not sent, invalid request: ${e.detail}` })
      case "UndecodableResponse":
        return operation === "placeOrder"
          ? new UnknownResult({ operation, ...id, reason: `unreadable response: ${e.error.message}` })
          : fromWireDecode(operation, e.error)
    }
  }
