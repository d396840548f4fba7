import type { EntityManager } from "@mikro-orm/core";

/**
 * Plain SQL statements, for the paths where MikroORM's unit of work costs more than the work
 * (~1-4 ms per entity operation against ~0.3 ms for a statement; see packages/db bench).
 */
export interface SqlRunner {
  get<T>(sql: string, params: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Resolves to the number of rows changed. */
  run(sql: string, params: unknown[]): Promise<number>;
}

/**
 * Statements through the ORM's own connection, inside `em`'s transaction when it has one.
 * Errors go through MikroORM's converter, so constraint failures keep their exception types.
 */
export function ormRunner(em: EntityManager): SqlRunner {
  async function execute<T>(
    sql: string,
    params: unknown[],
    method: "get" | "all" | "run",
  ): Promise<T> {
    try {
      return (await em
        .getConnection()
        .execute(sql, params, method, em.getTransactionContext())) as T;
    } catch (error) {
      throw em
        .getPlatform()
        .getExceptionConverter()
        .convertException(error as Error);
    }
  }
  return {
    get: (sql, params) => execute(sql, params, "get"),
    all: (sql, params) => execute(sql, params, "all"),
    run: async (sql, params) =>
      (await execute<{ affectedRows: number }>(sql, params, "run")).affectedRows,
  };
}

/** MikroORM keeps SQLite datetimes as epoch milliseconds; raw statements must too. */
export const dbTime = (date: Date | null | undefined): number | null =>
  date ? date.getTime() : null;
