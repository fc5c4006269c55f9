import { z } from "zod";
import { JSON_TYPE_NAMES, type JsonTypeName } from "../../workers/core/json/matches-json-type.ts";

/**
 * The JSON Schema keywords memory blocks support (2020-12 spellings):
 * `type`, `properties`, `required`, `additionalProperties`, `items`,
 * `minItems`/`maxItems`, `enum`, `const`, `minLength`/`maxLength`,
 * `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`, plus the
 * annotations `title`, `description`, `default`, `examples`, `$schema`,
 * `$comment`. Any other keyword (`pattern`, `oneOf`, `$ref`, …) is refused
 * when the schema is stored, so a block never claims a rule it does not enforce.
 */

export interface JsonSchemaSubset {
  type?: JsonTypeName | JsonTypeName[] | undefined;
  properties?: Record<string, JsonSchemaSubset> | undefined;
  required?: string[] | undefined;
  additionalProperties?: boolean | JsonSchemaSubset | undefined;
  items?: JsonSchemaSubset | undefined;
  minItems?: number | undefined;
  maxItems?: number | undefined;
  enum?: z.core.util.JSONType[] | undefined;
  const?: z.core.util.JSONType | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  exclusiveMinimum?: number | undefined;
  exclusiveMaximum?: number | undefined;
  title?: string | undefined;
  description?: string | undefined;
  default?: z.core.util.JSONType | undefined;
  examples?: z.core.util.JSONType[] | undefined;
  $schema?: string | undefined;
  $comment?: string | undefined;
}

const typeName = z.enum(JSON_TYPE_NAMES);
const count = z.int().min(0);

export const jsonSchemaSubsetSchema: z.ZodType<JsonSchemaSubset> = z.lazy(() =>
  z.strictObject({
    type: z.union([typeName, z.array(typeName).min(1)]).optional(),
    properties: z.record(z.string(), jsonSchemaSubsetSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.union([z.boolean(), jsonSchemaSubsetSchema]).optional(),
    items: jsonSchemaSubsetSchema.optional(),
    minItems: count.optional(),
    maxItems: count.optional(),
    enum: z.array(z.json()).min(1).optional(),
    const: z.json().optional(),
    minLength: count.optional(),
    maxLength: count.optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    default: z.json().optional(),
    examples: z.array(z.json()).optional(),
    $schema: z.string().optional(),
    $comment: z.string().optional(),
  }),
);
