// `npm run bench`: runs every bench/*.bench.ts in name order; each prints its own figures.
import { readdir } from "node:fs/promises"
import { fileURLToPath } from "node:url"

const dir = fileURLToPath(new URL(".", import.meta.url))
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort()
if (files.length === 0) console.log("no benchmarks found in bench/")
for (const file of files) {
  console.log(`\n== ${file}`)
  await import(new URL(file, import.meta.url).href)
}
