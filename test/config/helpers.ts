import { Either } from "effect"
import type { ConfigIssue } from "../../src/config/ConfigError.ts"
import { type TestConfigPatch, testConfig } from "../../src/config/TestConfig.ts"

/** The issues a patched shipped config produces; fails the test when it unexpectedly decodes. */
export const issuesOf = (patch: TestConfigPatch): ReadonlyArray<ConfigIssue> => {
  const result = testConfig(patch)
  if (Either.isRight(result)) throw new Error("expected the configuration to be rejected")
  return result.left.issues
}

/** The one issue at `path` (fails when there is none or several). */
export const issueAt = (issues: ReadonlyArray<ConfigIssue>, path: string): ConfigIssue => {
  const found = issues.filter((issue) => issue.path === path)
  if (found.length !== 1) {
    throw new Error(`expected one issue at ${path}, got: ${issues.map((issue) => issue.toString()).join(" | ")}`)
  }
  return found[0] as ConfigIssue
}
