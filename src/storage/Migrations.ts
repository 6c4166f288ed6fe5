import { Migrator, SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { columnTypes } from "./Columns.ts"
import { createSafetyState } from "./SafetyStateMigration.ts"

// Tables of spec/runtime-and-ops.md §4. Candles key on open_time (the domain's name for the bar's timestamp).
const createTables = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const t = columnTypes(sql)

  yield* sql`CREATE TABLE candles (
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    open_time BIGINT NOT NULL,
    open ${t.float} NOT NULL,
    high ${t.float} NOT NULL,
    low ${t.float} NOT NULL,
    close ${t.float} NOT NULL,
    volume ${t.float} NOT NULL,
    PRIMARY KEY (symbol, timeframe, open_time)
  )`
  // Retention deletes by timeframe and age across all symbols.
  yield* sql`CREATE INDEX candles_timeframe_open_time ON candles (timeframe, open_time)`

  yield* sql`CREATE TABLE trades (
    trade_id TEXT PRIMARY KEY,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    entry_price ${t.money} NOT NULL,
    exit_price ${t.money} NOT NULL,
    size ${t.money} NOT NULL,
    size_notional ${t.money} NOT NULL,
    leverage ${t.money} NOT NULL,
    gross_pnl ${t.money} NOT NULL,
    fees ${t.money} NOT NULL,
    funding ${t.money} NOT NULL,
    net_pnl ${t.money} NOT NULL,
    entered_at BIGINT NOT NULL,
    exited_at BIGINT NOT NULL,
    holding_period_hours ${t.float} NOT NULL,
    exit_reason TEXT NOT NULL,
    maker_fills INTEGER NOT NULL,
    taker_fills INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX trades_symbol_entered_at ON trades (symbol, entered_at)`
  yield* sql`CREATE INDEX trades_symbol_exited_at ON trades (symbol, exited_at)`
  yield* sql`CREATE INDEX trades_exited_at ON trades (exited_at)`

  yield* sql`CREATE TABLE positions (
    symbol TEXT PRIMARY KEY,
    position_id TEXT NOT NULL,
    futures_symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    state TEXT NOT NULL,
    size ${t.money} NOT NULL,
    original_size ${t.money} NOT NULL,
    partial_close_pct ${t.money} NOT NULL,
    size_notional ${t.money} NOT NULL,
    entry_price ${t.money} NOT NULL,
    current_mark_price ${t.money},
    liquidation_price ${t.money},
    unrealized_pnl ${t.money} NOT NULL,
    leverage ${t.money} NOT NULL,
    margin_used ${t.money} NOT NULL,
    initial_stop_price ${t.money} NOT NULL,
    stop_price ${t.money} NOT NULL,
    tp1_price ${t.money},
    tp2_price ${t.money},
    final_target_price ${t.money},
    entry_order_id TEXT,
    entry_client_order_id TEXT,
    stop_order_id TEXT,
    stop_client_order_id TEXT,
    tp1_order_id TEXT,
    tp2_order_id TEXT,
    funding_accrued ${t.money} NOT NULL,
    tp1_filled ${t.bool} NOT NULL,
    tp2_filled ${t.bool} NOT NULL,
    break_even_triggered ${t.bool} NOT NULL,
    trailing_active ${t.bool} NOT NULL,
    is_protected ${t.bool} NOT NULL,
    protection_reason TEXT,
    setup_type TEXT,
    regime TEXT,
    exit_reason TEXT,
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT
  )`

  yield* sql`CREATE TABLE system_events (
    id ${t.serial},
    timestamp BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    symbol TEXT,
    decision_id TEXT,
    details ${t.json} NOT NULL
  )`
  yield* sql`CREATE INDEX system_events_event_type_timestamp ON system_events (event_type, timestamp)`
  yield* sql`CREATE INDEX system_events_decision_id ON system_events (decision_id)`

  yield* sql`CREATE TABLE account_state (
    id ${t.serial},
    timestamp BIGINT NOT NULL,
    equity ${t.money} NOT NULL,
    balance ${t.money} NOT NULL,
    margin_used ${t.money} NOT NULL,
    available_margin ${t.money} NOT NULL,
    unrealized_pnl ${t.money} NOT NULL
  )`
  yield* sql`CREATE INDEX account_state_timestamp ON account_state (timestamp)`
})

/** Every migration, by id; append new ones, never edit an applied one. */
export const migrations = Migrator.fromRecord({
  "1_create_tables": createTables,
  "2_create_safety_state": createSafetyState
})

/** Name of the table recording applied migrations. */
export const MIGRATIONS_TABLE = "schema_migrations"

/**
 * Applies pending migrations in one transaction (PostgreSQL also locks the migrations table, so concurrent
 * starts apply each migration once). Returns the applied `[id, name]` pairs: empty when up to date.
 */
export const runMigrations = Migrator.make({})({ loader: migrations, table: MIGRATIONS_TABLE })
