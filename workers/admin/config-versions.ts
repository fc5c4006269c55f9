import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { LitellmConfig } from "../core/config/litellm-config-schema.ts";
import type { ConfigSourceFormat } from "../core/config/parse-config-text.ts";
import { configVersions } from "../core/db/schema.ts";

export interface NewConfigVersion {
  sourceFormat: ConfigSourceFormat;
  sourceText: string;
  config: LitellmConfig;
  warnings: string[];
  createdBy: string;
  comment: string | undefined;
}

/** Stores a config as a new version and makes it the active one, atomically. */
export async function activateConfigVersion(database: D1Database, input: NewConfigVersion): Promise<number> {
  const db = drizzle(database);
  const [, inserted] = await db.batch([
    db.update(configVersions).set({ isActive: false }).where(eq(configVersions.isActive, true)),
    db
      .insert(configVersions)
      .values({
        sourceFormat: input.sourceFormat,
        sourceText: input.sourceText,
        configJson: JSON.stringify(input.config),
        warnings: input.warnings,
        createdBy: input.createdBy,
        comment: input.comment ?? null,
        isActive: true,
      })
      .returning({ version: configVersions.version }),
  ]);
  const version = inserted[0]?.version;
  if (version === undefined) throw new Error("config insert returned no version");
  return version;
}

export async function getActiveConfigVersion(database: D1Database) {
  return drizzle(database).select().from(configVersions).where(eq(configVersions.isActive, true)).get();
}

export async function listConfigVersions(database: D1Database) {
  return drizzle(database)
    .select({
      version: configVersions.version,
      createdBy: configVersions.createdBy,
      createdAt: configVersions.createdAt,
      comment: configVersions.comment,
      isActive: configVersions.isActive,
    })
    .from(configVersions)
    .orderBy(desc(configVersions.version));
}
