import { Schema } from "effect"

/** One problem found in the configuration: the key path, the offending value (never a secret) and what was expected. */
export class ConfigIssue extends Schema.Class<ConfigIssue>("ConfigIssue")({
  path: Schema.String,
  value: Schema.optional(Schema.String),
  message: Schema.String
}) {
  override toString(): string {
    return this.value === undefined
      ? `${this.path}: ${this.message}`
      : `${this.path}: ${this.message} (got ${this.value})`
  }
}

/** The configuration could not be loaded; `issues` lists every problem found, not only the first. */
export class ConfigError extends Schema.TaggedError<ConfigError>()("ConfigError", {
  issues: Schema.Array(ConfigIssue)
}) {
  override get message(): string {
    return formatIssues(this.issues)
  }
}

/** Renders issues one per line, as `trading config check` prints them. */
export const formatIssues = (issues: ReadonlyArray<ConfigIssue>): string =>
  [`invalid configuration (${issues.length} error${issues.length === 1 ? "" : "s"}):`]
    .concat(issues.map((issue) => `  - ${issue.toString()}`))
    .join("\n")
