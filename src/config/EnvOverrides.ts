import { Option, type SchemaAST } from "effect"
import { parse as parseYaml } from "yaml"
import { ConfigIssue } from "./ConfigError.ts"
import { type Env, envValue } from "./Environment.ts"
import { retiredKeyMessage } from "./RetiredKeys.ts"
import { resolvePath } from "./SchemaPaths.ts"
import { setPath, type Tree } from "./Tree.ts"

/** Deployment variables (systemd EnvironmentFile) and the key each one sets, verbatim as a string. */
export const DEPLOYMENT_VARIABLES: ReadonlyArray<readonly [variable: string, path: ReadonlyArray<string>]> = [
  ["DATABASE_URL", ["storage", "database_url"]],
  ["KRAKEN_API_KEY", ["exchange", "kraken", "api_key"]],
  ["KRAKEN_API_SECRET", ["exchange", "kraken", "api_secret"]],
  ["KRAKEN_FUTURES_API_KEY", ["exchange", "kraken", "futures_api_key"]],
  ["KRAKEN_FUTURES_API_SECRET", ["exchange", "kraken", "futures_api_secret"]],
  ["TELEGRAM_BOT_TOKEN", ["monitoring", "telegram", "bot_token"]],
  ["TELEGRAM_CHAT_ID", ["monitoring", "telegram", "chat_id"]],
  ["DISCORD_WEBHOOK_URL", ["monitoring", "discord", "webhook_url"]],
  ["DASHBOARD_TOKEN", ["dashboard", "token"]]
]

const SEPARATOR = "__"

/** A YAML scalar (or flow list) from an override; text that is not valid YAML stays a string. */
const parseScalar = (text: string): unknown => {
  try {
    return parseYaml(text)
  } catch {
    return text
  }
}

/**
 * Applies environment overrides to the raw tree (mutated): first the deployment variables, then every
 * `SECTION__KEY[__SUBKEY]=value` whose first segment names a top-level section. Segments match keys ignoring case
 * (so upper-case keys such as the tier names can be set too). Such a variable must name an existing key; otherwise
 * it is an issue naming the variable. Variables of other programs (no known section) are ignored.
 */
export const applyEnvOverrides = (ast: SchemaAST.AST, tree: Tree, env: Env): Array<ConfigIssue> => {
  const issues: Array<ConfigIssue> = []
  for (const [variable, path] of DEPLOYMENT_VARIABLES) {
    const value = envValue(env, variable)
    if (value !== undefined) setPath(tree, path, value)
  }
  const overrides = Object.keys(env)
    .filter((name) => name.includes(SEPARATOR))
    .sort()
  for (const variable of overrides) {
    const segments = variable.split(SEPARATOR)
    const [section = ""] = segments
    if (Option.isNone(resolvePath(ast, [section]))) continue
    const raw = env[variable]
    if (raw === undefined) continue
    const key = resolvePath(ast, segments)
    const path = Option.getOrElse(key, () => segments.map((segment) => segment.toLowerCase())).join(".")
    if (Option.isNone(key)) {
      const retired = retiredKeyMessage(path)
      const what = retired === undefined ? "names no configuration key" : `names ${path}, ${retired}`
      issues.push(new ConfigIssue({ path, message: `environment variable ${variable} ${what}` }))
    } else if (!setPath(tree, key.value, parseScalar(raw))) {
      issues.push(new ConfigIssue({ path, message: `environment variable ${variable} cannot be set inside a scalar` }))
    }
  }
  return issues
}
