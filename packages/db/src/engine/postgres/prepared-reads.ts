import type { AbstractSqlConnection } from "@mikro-orm/postgresql";
import type { Get } from "../../fast-read-queries.js";
import type { Orm } from "../../open-orm.js";

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/**
 * The fast reads' statements as named prepared statements on a connection of the ORM's pool:
 * parsed and planned once per connection, then each read is one round trip, without knex's
 * per-query work. The SQL is written with `?` placeholders, as everywhere else.
 */
export function preparedReads(orm: Orm): Get {
  const knex = (orm.em.getConnection() as unknown as AbstractSqlConnection).getKnex();
  const client = knex.client as unknown as KnexClient;
  const names = new Map<string, { name: string; text: string }>();
  const prepared = (sql: string) => {
    let statement = names.get(sql);
    if (!statement) {
      let index = 0;
      statement = {
        name: `fast_read_${names.size}`,
        text: sql.replace(/\?/g, () => `$${++index}`),
      };
      names.set(sql, statement);
    }
    return statement;
  };
  return async <T>(sql: string, params: unknown[]) => {
    const connection = await client.acquireConnection();
    try {
      const result = await connection.query({ ...prepared(sql), values: params });
      return result.rows[0] as T | undefined;
    } finally {
      await client.releaseConnection(connection);
    }
  };
}
