/** The environment as the loader sees it: passed in, so the pure loader and its tests never read process.env. */
export type Env = Readonly<Record<string, string | undefined>>

/** A set, non-blank variable's value; systemd EnvironmentFiles often define variables as empty. */
export const envValue = (env: Env, name: string): string | undefined => {
  const value = env[name]
  return value === undefined || value.trim() === "" ? undefined : value
}
