import { beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { errorShapes } from "./answer-shapes.ts";
import { sendAdmin } from "./send-admin.ts";

const baseConfig = `model_list:
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

beforeEach(async () => {
  await activateConfig(baseConfig);
});

/** POSTs with MAX_CONFIG_BYTES set for this call (undefined: the default). */
async function postConfig(
  path: string,
  body: BodyInit,
  maxConfigBytes: string | undefined,
  contentType = "application/yaml",
) {
  const answer = await sendAdmin({
    method: "POST",
    path,
    key: TEST_MASTER_KEY,
    body,
    headers: { "content-type": contentType },
    ...(maxConfigBytes === undefined ? {} : { vars: { MAX_CONFIG_BYTES: maxConfigBytes } }),
  });
  return { status: answer.status, body: JSON.parse(answer.text) as unknown };
}

/** The base config padded with a YAML comment to exactly `bytes` bytes. */
function configOfSize(bytes: number): string {
  const padding = bytes - baseConfig.length - 3;
  expect(padding).toBeGreaterThan(0);
  return `${baseConfig}# ${"x".repeat(padding)}\n`;
}

describe("MAX_CONFIG_BYTES", () => {
  it("POST /config takes a config of exactly the limit and refuses one byte more with a 413", async () => {
    const at = await postConfig("/config", configOfSize(4000), "4000");
    expect(at.status).toBe(201);
    const over = await postConfig("/config?dry_run=true", configOfSize(4001), "4000");
    expect(over.status).toBe(413);
    expect(errorShapes.openai.parse(over.body).error).toEqual({
      message: "A config may be at most 4000 bytes (MAX_CONFIG_BYTES).",
      type: "invalid_request_error",
      param: null,
      code: "payload_too_large",
    });
  });

  it("defaults to 1 MiB (the admin worker's wrangler.toml)", async () => {
    expect((await postConfig("/config?dry_run=true", configOfSize(1024 * 1024), undefined)).status).toBe(200);
    expect((await postConfig("/config?dry_run=true", configOfSize(1024 * 1024 + 1), undefined)).status).toBe(413);
  });

  it("counts a chunked upload while reading it, never buffering past the limit", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`# ${"y".repeat(1000)}\n`);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const result = await postConfig("/config", endless, "8000");
    expect(result.status).toBe(413);
    expect(pulled).toBeLessThan(8000 + 4 * chunk.byteLength);
  });

  it("refuses a config that is not UTF-8 with a 400 instead of storing replacement characters", async () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode(baseConfig), 0xff, 0xfe]);
    const result = await postConfig("/config?dry_run=true", bytes, undefined);
    expect(result.status).toBe(400);
    expect(errorShapes.openai.parse(result.body).error.message).toBe("The request body is not valid UTF-8.");
  });

  it("POST /model/new refuses to grow the active config past the limit", async () => {
    const entry = (id: string) =>
      JSON.stringify({ model_name: "more", litellm_params: { model: "mock/more" }, model_info: { id } });
    expect((await postConfig("/model/new", entry("m-1"), "100000", "application/json")).status).toBe(200);
    const over = await postConfig("/model/new", entry("m-2"), "300", "application/json");
    expect(over.status).toBe(413);
    expect(errorShapes.openai.parse(over.body).error.message).toMatch(
      /^A config may be at most 300 bytes \(MAX_CONFIG_BYTES\)\. This one is \d+ bytes\.$/,
    );
  });
});
