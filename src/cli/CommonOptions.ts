import { Options } from "@effect/cli"

export const DEFAULT_CONFIG_PATH = "config/config.yaml"

/** `--config PATH`: the main configuration file; safety.yaml is read from the same directory. */
export const configPathOption = Options.text("config").pipe(
  Options.withDescription("Path to config.yaml (safety.yaml is read from the same directory)"),
  Options.withDefault(DEFAULT_CONFIG_PATH)
)
