import { describe, expect, it } from "vitest";
import { type LitellmConfig, litellmConfigSchema } from "../../../workers/core/config/litellm-config-schema.ts";
import { maskConfigSecrets } from "../../../workers/core/config/mask-config-secrets.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import { configKeyringFrom } from "../../../workers/core/secrets/config-keyring.ts";
import { openConfigSecrets } from "../../../workers/core/secrets/open-config-secrets.ts";
import { literalSecretPaths, sealConfigSecrets } from "../../../workers/core/secrets/seal-config-secrets.ts";
import { envelopeKeyId } from "../../../workers/core/secrets/secret-envelope.ts";

const KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const OTHER_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(8)));
const vars = { SWITCHYARD_ENCRYPTION_KEY: KEY };

const config: LitellmConfig = litellmConfigSchema.parse({
  model_list: [
    {
      model_name: "gpt",
      litellm_params: {
        model: "openai/gpt-4.1",
        api_key: "sk-literal-openai-0001",
        api_base: "https://api.openai.com/v1",
        max_tokens: 1024,
      },
      model_info: { id: "gpt-a" },
    },
    {
      model_name: "claude",
      litellm_params: {
        model: "bedrock/anthropic.claude-sonnet-4",
        aws_access_key_id: "AKIAEXAMPLEEXAMPLE01",
        aws_secret_access_key: "literal-aws-secret-0002",
        aws_session_token: "literal-session-token-0003",
        aws_region_name: "us-east-1",
      },
    },
    { model_name: "env", litellm_params: { model: "anthropic/claude", api_key: "os.environ/ANTHROPIC_API_KEY" } },
  ],
  litellm_settings: { cache_params: { type: "redis", password: "literal-redis-password-0004" } },
  general_settings: { master_key: "sk-literal-master-0005" },
  environment_variables: { ANTHROPIC_API_KEY: "literal-env-value-0006", PLAIN_SETTING: "not-named-secret-0007" },
});

const LITERALS = [
  "sk-literal-openai-0001",
  "AKIAEXAMPLEEXAMPLE01",
  "literal-aws-secret-0002",
  "literal-session-token-0003",
  "literal-redis-password-0004",
  "sk-literal-master-0005",
  "literal-env-value-0006",
  "not-named-secret-0007",
];

async function sealed() {
  const keyring = await configKeyringFrom(vars);
  if (keyring === undefined) throw new Error("no key");
  return { keyring, config: await sealConfigSecrets(config, keyring) };
}

describe("literalSecretPaths", () => {
  it("finds every literal secret by path, but not os.environ references or non-secret fields", async () => {
    expect(await literalSecretPaths(config)).toEqual([
      "model_list[0].litellm_params.api_key",
      "model_list[1].litellm_params.aws_access_key_id",
      "model_list[1].litellm_params.aws_secret_access_key",
      "model_list[1].litellm_params.aws_session_token",
      "litellm_settings.cache_params.password",
      "general_settings.master_key",
      "environment_variables.ANTHROPIC_API_KEY",
      "environment_variables.PLAIN_SETTING",
    ]);
  });
});

describe("sealConfigSecrets", () => {
  it("leaves no literal secret in the stored JSON, and keeps everything else as it was", async () => {
    const stored = JSON.stringify((await sealed()).config);
    for (const literal of LITERALS) expect(stored).not.toContain(literal);
    const parsed = JSON.parse(stored);
    expect(parsed.model_list[0].litellm_params).toMatchObject({
      model: "openai/gpt-4.1",
      api_base: "https://api.openai.com/v1",
      max_tokens: 1024,
    });
    expect(parsed.model_list[0].litellm_params.api_key).toMatch(/^enc:v1:/);
    expect(parsed.model_list[1].litellm_params.aws_region_name).toBe("us-east-1");
    expect(parsed.model_list[2].litellm_params.api_key).toBe("os.environ/ANTHROPIC_API_KEY");
    expect(await literalSecretPaths((await sealed()).config)).toEqual([]);
  });

  it("is idempotent: a sealed config seals to itself", async () => {
    const { keyring, config: once } = await sealed();
    expect(await sealConfigSecrets(once, keyring)).toEqual(once);
  });

  it("reseals envelopes of the previous key with the current one", async () => {
    const oldRing = await configKeyringFrom({ SWITCHYARD_ENCRYPTION_KEY: OTHER_KEY });
    const newRing = await configKeyringFrom({
      SWITCHYARD_ENCRYPTION_KEY: KEY,
      SWITCHYARD_ENCRYPTION_KEY_PREVIOUS: OTHER_KEY,
    });
    if (oldRing === undefined || newRing === undefined) throw new Error("no key");
    const underOldKey = await sealConfigSecrets(config, oldRing);
    const resealed = await sealConfigSecrets(underOldKey, newRing);
    expect(envelopeKeyId(String(resealed.general_settings?.master_key))).toBe(newRing.current.id);
    const opened = await openConfigSecrets(resealed, vars);
    expect(opened.config.general_settings?.master_key).toBe("sk-literal-master-0005");
  });

  it("masks plain text (pre-encryption) secrets with the same field rule, environment_variables included", () => {
    const masked = maskConfigSecrets(config) as LitellmConfig;
    expect(masked.model_list?.[0]?.litellm_params).toMatchObject({ api_key: "sk****01", max_tokens: 1024 });
    expect(masked.model_list?.[1]?.litellm_params).toMatchObject({
      aws_access_key_id: "AK****01",
      aws_region_name: "us-east-1",
    });
    expect(masked.model_list?.[2]?.litellm_params.api_key).toBe("os.environ/ANTHROPIC_API_KEY");
    expect(masked.environment_variables).toEqual({ ANTHROPIC_API_KEY: "li****06", PLAIN_SETTING: "no****07" });
    const shown = JSON.stringify(masked);
    for (const literal of LITERALS) expect(shown).not.toContain(literal);
  });

  it("masks envelopes in admin views wherever they are", async () => {
    const masked = JSON.stringify(maskConfigSecrets((await sealed()).config));
    expect(masked).not.toMatch(/enc:v1:[0-9a-f]{8}:/);
    expect(masked).toContain('"api_key":"enc:v1:****"');
    expect(masked).toContain('"PLAIN_SETTING":"enc:v1:****"');
  });
});

describe("openConfigSecrets", () => {
  it("gives back the original config, which resolves to the original credentials", async () => {
    const opened = await openConfigSecrets((await sealed()).config, vars);
    expect(opened).toEqual({ config, warnings: [] });
    const runtime = resolveGatewayConfig(opened.config, 1, { ANTHROPIC_API_KEY: "from-worker-secret" });
    expect(runtime.masterKey).toBe("sk-literal-master-0005");
    expect(runtime.deploymentsByGroup.get("gpt")?.[0]?.apiKey).toBe("sk-literal-openai-0001");
    expect(runtime.deploymentsByGroup.get("claude")?.[0]?.providerParams).toMatchObject({
      awsSecretAccessKey: "literal-aws-secret-0002",
      awsSessionToken: "literal-session-token-0003",
    });
    // The Worker's own secret still wins over the config's environment_variables, as before.
    expect(runtime.deploymentsByGroup.get("env")?.[0]?.apiKey).toBe("from-worker-secret");
  });

  it("passes plain text (pre-encryption) configs through unchanged", async () => {
    expect(await openConfigSecrets(config, vars)).toEqual({ config, warnings: [] });
    expect(await openConfigSecrets(config, {})).toEqual({ config, warnings: [] });
  });

  it("drops a field it cannot open, naming its path and why, so an envelope never becomes a key", async () => {
    const stored = (await sealed()).config;
    const withoutKey = await openConfigSecrets(stored, {});
    expect(withoutKey.config.model_list?.[0]?.litellm_params.api_key).toBeUndefined();
    expect(withoutKey.config.general_settings?.master_key).toBeUndefined();
    expect(withoutKey.warnings).toContain(
      "model_list[0].litellm_params.api_key: the stored secret could not be decrypted: SWITCHYARD_ENCRYPTION_KEY is not set",
    );
    const wrongKey = await openConfigSecrets(stored, { SWITCHYARD_ENCRYPTION_KEY: OTHER_KEY });
    expect(wrongKey.warnings[0]).toContain("sealed with a key that is neither SWITCHYARD_ENCRYPTION_KEY");
    expect(JSON.stringify(wrongKey.config)).not.toContain("enc:v1:");
  });

  it("reports a malformed key variable as a warning rather than failing the whole config", async () => {
    const opened = await openConfigSecrets(config, { SWITCHYARD_ENCRYPTION_KEY: "short" });
    expect(opened.config).toEqual(config);
    expect(opened.warnings).toEqual([expect.stringContaining("SWITCHYARD_ENCRYPTION_KEY must be the base64")]);
  });
});
