/**
 * Bindings that fail the way a production outage does, for the hardening tests: every call returns a
 * rejected promise (never a synchronous throw, which real bindings do not do).
 */
const unavailable = () => new Error("D1_ERROR: Network connection lost.");

function failingStatement(): D1PreparedStatement {
  const statement: D1PreparedStatement = {
    bind: () => statement,
    first: () => Promise.reject(unavailable()),
    run: () => Promise.reject(unavailable()),
    all: () => Promise.reject(unavailable()),
    raw: () => Promise.reject(unavailable()),
  } as unknown as D1PreparedStatement;
  return statement;
}

/** A D1 binding whose every query fails: the database is down. */
export function failingD1(): D1Database {
  const database = {
    prepare: () => failingStatement(),
    batch: () => Promise.reject(unavailable()),
    exec: () => Promise.reject(unavailable()),
    dump: () => Promise.reject(unavailable()),
    withSession: () => database,
  };
  return database as unknown as D1Database;
}

/**
 * The real database, but a `batch` runs its statements one by one and stops with an error before
 * statement `failAt` (0-based): a worst-case crash that leaves the first statements written (real D1
 * batches are atomic, so this is harsher than production). `failAt` past the end fails after the
 * whole batch landed: the write succeeded but the consumer died before acknowledging.
 */
export function d1CrashingInBatch(real: D1Database, failAt: number): D1Database & { statementsRun: () => number } {
  let statementsRun = 0;
  return {
    prepare: (query: string) => real.prepare(query),
    batch: async (statements: D1PreparedStatement[]) => {
      for (const [index, statement] of statements.entries()) {
        if (index === failAt) throw new Error(`D1_ERROR: connection reset at statement ${index}`);
        await statement.run();
        statementsRun++;
      }
      throw new Error("consumer crashed after its batch was written, before acknowledging it");
    },
    exec: (query: string) => real.exec(query),
    dump: () => real.dump(),
    withSession: () => real.withSession(),
    statementsRun: () => statementsRun,
  } as unknown as D1Database & { statementsRun: () => number };
}
