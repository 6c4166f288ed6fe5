// `npm run bench`: the consolidated figures, one line each. `npm run bench -- --detail` first runs every
// bench/*.bench.ts in name order, each printing its own detailed figures; the summary lines still come last, from
// the figures those scripts measured where they measured the same thing (onceEach in measure.ts), not a second run.
import { readdir } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { printSummary } from "./summary.ts"

if (process.argv.includes("--detail")) {
  const dir = fileURLToPath(new URL(".", import.meta.url))
  const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort()
  for (const file of files) {
    console.log(`\n== ${file}`)
    await import(new URL(file, import.meta.url).href)
  }
  console.log("\n== summary")
}
await printSummary()
