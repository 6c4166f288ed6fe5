import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"

// The vectors are copied under test/ so a fresh clone's tests run without ../shared; this guards the copy.
const reference = resolve(process.cwd(), "../shared/reference")
const present = existsSync(reference)

describe.skipIf(!present)(`signing fixtures match ${reference} (skipped: folder absent)`, () => {
  for (const file of ["kraken-auth-vectors.json", "kraken-spot-auth-vectors.json"]) {
    it(`${file} is the reference's content`, () => {
      const read = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"))
      expect(read(resolve(__dirname, "../fixtures", file))).toEqual(read(resolve(reference, file)))
    })
  }
})
