import { describe, expect, it } from "@effect/vitest"
import { Effect, Metric, MetricBoundaries, TestClock } from "effect"
import { Decimal } from "../../src/domain/Money.ts"
import * as Metrics from "../../src/monitoring/Metrics.ts"
import { renderPrometheus } from "../../src/monitoring/Prometheus.ts"

/** The rendered lines of one metric family. */
const family = (text: string, name: string) =>
  text.split("\n").filter((line) => line.startsWith(name) || line.endsWith(` ${name}`) || line.includes(` ${name} `))

describe("trading metrics in Prometheus text", () => {
  it.effect("counts ticks and records their duration as a cumulative histogram", () =>
    Effect.gen(function* () {
      yield* Metrics.trackTick(TestClock.adjust("1500 millis"))
      yield* Metrics.trackTick(TestClock.adjust("30 millis"))
      yield* Effect.exit(Metrics.trackTick(Effect.zipRight(TestClock.adjust("200 millis"), Effect.fail("boom"))))
      const text = renderPrometheus(yield* Metric.snapshot)
      expect(family(text, "trading_ticks_total")).toEqual([
        "# HELP trading_ticks_total Completed ticks of the trading loop",
        "# TYPE trading_ticks_total counter",
        "trading_ticks_total 3"
      ])
      const histogram = family(text, "trading_tick_duration_seconds")
      expect(histogram).toContain("# TYPE trading_tick_duration_seconds histogram")
      expect(histogram).toContain('trading_tick_duration_seconds_bucket{le="0.05"} 1')
      expect(histogram).toContain('trading_tick_duration_seconds_bucket{le="0.2"} 2')
      expect(histogram).toContain('trading_tick_duration_seconds_bucket{le="1.6"} 3')
      expect(histogram).toContain('trading_tick_duration_seconds_bucket{le="+Inf"} 3')
      expect(histogram).toContain("trading_tick_duration_seconds_sum 1.73")
      expect(histogram).toContain("trading_tick_duration_seconds_count 3")
    })
  )

  it.effect("labels orders by result and API errors by kind; sets the account gauges", () =>
    Effect.gen(function* () {
      yield* Metrics.recordOrder("placed")
      yield* Metrics.recordOrder("placed")
      yield* Metrics.recordOrder("rejected")
      yield* Metrics.recordApiError("rate_limit")
      yield* Metrics.recordAccount({ equity: new Decimal("10250.5"), marginUsage: 0.25, openPositions: 3 })
      const text = renderPrometheus(yield* Metric.snapshot)
      expect(family(text, "trading_orders_total")).toEqual([
        "# HELP trading_orders_total Orders by result",
        "# TYPE trading_orders_total counter",
        'trading_orders_total{result="placed"} 2',
        'trading_orders_total{result="rejected"} 1'
      ])
      expect(text).toContain('trading_api_errors_total{kind="rate_limit"} 1\n')
      expect(text).toContain("# TYPE trading_equity_usd gauge\ntrading_equity_usd 10250.5\n")
      expect(text).toContain("trading_margin_usage_ratio 0.25\n")
      expect(text).toContain("trading_open_positions 3\n")
    })
  )

  it.effect("escapes label values and sanitises names", () =>
    Effect.gen(function* () {
      yield* Metric.increment(Metric.tagged(Metric.counter("test.escape-total"), "path", 'a"b\\c\nd'))
      yield* Metric.update(
        Metric.summary({ name: "test_summary", maxAge: "1 minute", maxSize: 10, error: 0, quantiles: [0.5] }),
        4
      )
      yield* Metric.update(Metric.frequency("test_frequency"), "x")
      const text = renderPrometheus(yield* Metric.snapshot)
      expect(text).toContain('test_escape_total{path="a\\"b\\\\c\\nd"} 1\n')
      expect(text).toContain(
        '# TYPE test_summary summary\ntest_summary{quantile="0.5"} 4\ntest_summary_sum 4\ntest_summary_count 1\n'
      )
      expect(text).toContain('test_frequency{key="x"} 1\n')
      // Every sample line is `name{labels} value` with a numeric value.
      for (const line of text
        .trimEnd()
        .split("\n")
        .filter((line) => !line.startsWith("#"))) {
        expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/)
      }
    })
  )

  it("histogram boundaries of a fresh metric are rendered once each", () => {
    const boundaries = MetricBoundaries.exponential({ start: 0.05, factor: 2, count: 12 }).values
    expect(new Set(boundaries).size).toBe(boundaries.length)
  })
})
