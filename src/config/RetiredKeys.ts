/**
 * Keys this configuration had and dropped, with why. Setting one stays an error (unknown keys are), but one that
 * tells the operator what became of it instead of a bare "unknown key".
 */
const RETIRED: ReadonlyMap<string, string> = new Map([
  [
    "runtime.instrument_spec_cache_hours",
    "removed: the contract terms cache does not expire (v3 is re-read every runtime.instrument_spec_refresh_hours; " +
      "the file is the copy kept for when v3 is gone); delete this key"
  ]
])

/** What became of the key at `path`, when it is one this configuration dropped. */
export const retiredKeyMessage = (path: string): string | undefined => RETIRED.get(path)

/** What to say about an unknown key at `path`. */
export const unknownKeyMessage = (path: string): string => retiredKeyMessage(path) ?? "unknown key"
