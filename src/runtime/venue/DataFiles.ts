import { dirname, join } from "node:path"
import type { AppConfigShape } from "../../config/schema/AppConfigSchema.ts"

/** A file of the venue's in the data directory, beside the position registry. */
export const dataFileOf = (config: AppConfigShape, name: string): string =>
  join(dirname(config.storage.positions_db_path), name)

/**
 * Where the Spot REST nonce sequence is kept: beside the registry file, shared with the execution tools, which
 * sign with the same key (a nonce must only grow per key, whichever process signs).
 */
export const nonceFileOf = (config: AppConfigShape): string => dataFileOf(config, "kraken-nonce")
