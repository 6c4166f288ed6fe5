/** RFC 3339 in UTC with milliseconds, as the simulator writes every wire time. */
export const wireTime = (ms: number): string => new Date(ms).toISOString()
