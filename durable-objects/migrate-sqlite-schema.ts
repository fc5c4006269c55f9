/**
 * Brings a Durable Object's SQLite schema up to date behind a version row: `migrations[n]` holds the
 * statements of version n + 1, and each version this object has not run yet runs in one transaction
 * together with its row in `schema_version`, so a failed migration leaves the object at the version before.
 */
export function migrateSqliteSchema(storage: DurableObjectStorage, migrations: readonly (readonly string[])[]): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const current =
    sql.exec<{ version: number | null }>("SELECT max(version) AS version FROM schema_version").one().version ?? 0;
  for (let version = current + 1; version <= migrations.length; version++) {
    const statements = migrations[version - 1] ?? [];
    storage.transactionSync(() => {
      for (const statement of statements) sql.exec(statement);
      sql.exec("INSERT INTO schema_version (version) VALUES (?)", version);
    });
  }
}
