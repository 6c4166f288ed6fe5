import { defineConfig } from "vitest/config"

/**
 * Files that run each in a fresh worker: the monitoring tests assert exact counts in Effect's process-wide metric
 * registry, which other files' runs would have added to; the CLI and torture tests spend their time in child
 * processes, so sharing modules would save them nothing.
 */
const ISOLATED = ["test/monitoring/**/*.test.ts", "test/integration/**/*.test.ts", "test/torture/**/*.test.ts"]

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Re-importing Effect and the sources for each of 200+ files costs more than most files' tests: a fork runs
    // many files on one module graph. Whether a pool recycles its workers per file is set here, for all projects.
    poolOptions: { forks: { isolate: false } },
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: ISOLATED
        }
      },
      // A thread per file (the threads pool isolates by default): its own globals, so its own metric registry
      { extends: true, test: { name: "isolated", include: ISOLATED, pool: "threads" } }
    ]
  }
})
