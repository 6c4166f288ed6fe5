import { type MetricPair, MetricState, Option } from "effect"

/** Prometheus text exposition format, version 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

type Labels = ReadonlyArray<readonly [string, string]>

const metricName = (name: string): string => name.replace(/[^a-zA-Z0-9_:]/g, "_").replace(/^([0-9])/, "_$1")
const labelName = (name: string): string => name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^([0-9])/, "_$1")
const escapeLabel = (value: string): string => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
const escapeHelp = (text: string): string => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

const formatNumber = (value: number | bigint): string => {
  if (typeof value === "bigint") return value.toString()
  if (Number.isNaN(value)) return "NaN"
  if (value === Number.POSITIVE_INFINITY) return "+Inf"
  if (value === Number.NEGATIVE_INFINITY) return "-Inf"
  return String(value)
}

const sample = (name: string, labels: Labels, value: number | bigint): string => {
  const rendered = labels.map(([key, text]) => `${labelName(key)}="${escapeLabel(text)}"`).join(",")
  return `${name}${rendered === "" ? "" : `{${rendered}}`} ${formatNumber(value)}`
}

interface Family {
  readonly type: "counter" | "gauge" | "histogram" | "summary"
  readonly help: string | undefined
  /** One entry per tag set, keeping each series' own sample order (histogram buckets ascend to +Inf). */
  readonly series: Array<{ readonly key: string; readonly samples: ReadonlyArray<string> }>
}

const familyType = (state: unknown): Family["type"] => {
  if (MetricState.isCounterState(state) || MetricState.isFrequencyState(state)) return "counter"
  if (MetricState.isHistogramState(state)) return "histogram"
  if (MetricState.isSummaryState(state)) return "summary"
  return "gauge"
}

const samplesOf = (name: string, labels: Labels, state: unknown): Array<string> => {
  if (MetricState.isCounterState(state)) return [sample(name, labels, state.count)]
  if (MetricState.isGaugeState(state)) return [sample(name, labels, state.value)]
  if (MetricState.isFrequencyState(state)) {
    return [...state.occurrences].map(([key, count]) => sample(name, [...labels, ["key", key]], count))
  }
  if (MetricState.isHistogramState(state)) {
    // Effect's histogram buckets are already cumulative and end with +Inf.
    return [
      ...state.buckets.map(([bound, count]) =>
        sample(`${name}_bucket`, [...labels, ["le", formatNumber(bound)]], count)
      ),
      sample(`${name}_sum`, labels, state.sum),
      sample(`${name}_count`, labels, state.count)
    ]
  }
  if (MetricState.isSummaryState(state)) {
    return [
      ...state.quantiles.flatMap(([quantile, value]) =>
        Option.isSome(value) ? [sample(name, [...labels, ["quantile", String(quantile)]], value.value)] : []
      ),
      sample(`${name}_sum`, labels, state.sum),
      sample(`${name}_count`, labels, state.count)
    ]
  }
  return []
}

/** Renders a `Metric.snapshot` (one family per metric name, each tag set one series), sorted by name. */
export const renderPrometheus = (pairs: ReadonlyArray<MetricPair.MetricPair.Untyped>): string => {
  const families = new Map<string, Family>()
  for (const pair of pairs) {
    const name = metricName(pair.metricKey.name)
    const labels: Labels = pair.metricKey.tags.map((tag) => [tag.key, tag.value] as const)
    const family = families.get(name) ?? {
      type: familyType(pair.metricState),
      help: Option.getOrUndefined(pair.metricKey.description),
      series: []
    }
    family.series.push({
      key: labels.map(([key, value]) => `${key}=${value}`).join(","),
      samples: samplesOf(name, labels, pair.metricState)
    })
    families.set(name, family)
  }
  return [...families.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([name, family]) => [
      ...(family.help === undefined ? [] : [`# HELP ${name} ${escapeHelp(family.help)}`]),
      `# TYPE ${name} ${family.type}`,
      ...family.series.sort((a, b) => (a.key < b.key ? -1 : 1)).flatMap((series) => series.samples)
    ])
    .map((line) => `${line}\n`)
    .join("")
}
