import type { SqlClient } from "@effect/sql"
import type { MigrationError } from "@effect/sql/Migrator"
import type { SqlError } from "@effect/sql/SqlError"
import { Layer } from "effect"
import { type AccountStateRepository, AccountStateRepositoryLive } from "./AccountStateRepository.ts"
import { type CandleRepository, CandleRepositoryLive } from "./CandleRepository.ts"
import { type DatabaseError, type DatabaseSettings, databaseLayer } from "./Database.ts"
import { runMigrations } from "./Migrations.ts"
import { type PositionRepository, PositionRepositoryLive } from "./PositionRepository.ts"
import { type SystemEventRepository, SystemEventRepositoryLive } from "./SystemEventRepository.ts"
import { type TradeRepository, TradeRepositoryLive } from "./TradeRepository.ts"

export type Repositories =
  | CandleRepository
  | TradeRepository
  | SystemEventRepository
  | AccountStateRepository
  | PositionRepository

/** Applies pending migrations, then provides every repository over the SqlClient in context. */
export const RepositoriesLive: Layer.Layer<Repositories, MigrationError | SqlError, SqlClient.SqlClient> =
  Layer.mergeAll(
    CandleRepositoryLive,
    TradeRepositoryLive,
    SystemEventRepositoryLive,
    AccountStateRepositoryLive,
    PositionRepositoryLive
  ).pipe(Layer.provide(Layer.effectDiscard(runMigrations)))

/** The configured database, migrated, with every repository. */
export const StorageLive = (settings: DatabaseSettings): Layer.Layer<Repositories, DatabaseError | MigrationError> =>
  RepositoriesLive.pipe(Layer.provide(databaseLayer(settings)))
