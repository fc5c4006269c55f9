import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../scripts/clients/free-port.ts";
import { projectRoot } from "../scripts/wrangler-cli.ts";
import type { BenchOptions } from "./bench-options.ts";
import { bundleWorker, passthroughWranglerConfig, type WorkerBundle } from "./bundle-worker.ts";
import { type GatewaySeed, gatewaySeed } from "./gateway-seed.ts";
import { type RunningWorker, startMiniflareWorker } from "./start-miniflare-worker.ts";
import { type RunningMock, startNginxMock, startNodeMock } from "./start-mocks.ts";
import { type PortkeyStart, startPortkey } from "./start-portkey.ts";

export interface BenchStack {
  /** Set when the gateway was started with its inspector open (BENCH_PROFILE). */
  inspectorPort: number | undefined;
  gatewayBundle: WorkerBundle;
  fastMock: RunningMock;
  slowMock: RunningMock;
  passthrough: RunningWorker;
  switchyard: RunningWorker;
  seed: GatewaySeed;
  portkey: PortkeyStart;
}

export function compatibilityDateOf(wranglerToml: string): string {
  const match = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(wranglerToml, "utf8"));
  if (match?.[1] === undefined) throw new Error(`no compatibility_date in ${wranglerToml}`);
  return match[1];
}

export async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      last = `${response.status} ${await response.text()}`;
      if (response.ok) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become healthy: ${last}`);
}

/**
 * Mocks first (the fast one measured alone by the caller), then both workers bundled as `wrangler deploy`
 * would and served side by side on workerd, then Portkey (installed on demand; optional).
 */
export async function startMocks(nginx: string | undefined, workDir: string) {
  const fastMock =
    nginx === undefined ? await startNodeMock(workDir, "node-mock-fast") : await startNginxMock(nginx, workDir);
  const slowMock = await startNodeMock(workDir, "node-mock-slow");
  return { fastMock, slowMock };
}

export async function startGateways(
  mocks: { fastMock: RunningMock; slowMock: RunningMock },
  options: BenchOptions,
  workDir: string,
  withInspector: boolean,
): Promise<BenchStack> {
  const inspectorPort = withInspector ? await freePort() : undefined;
  const gatewayConfig = join(projectRoot, "wrangler.toml");
  const compatibilityDate = compatibilityDateOf(gatewayConfig);
  const passthroughConfig = join(workDir, "passthrough.wrangler.toml");
  writeFileSync(passthroughConfig, passthroughWranglerConfig(compatibilityDate));
  console.log("• bundling the gateway and the pass-through worker (wrangler deploy --dry-run)");
  const bundleLog = join(workDir, "bundle.log");
  const [gatewayBundle, passthroughBundle] = await Promise.all([
    bundleWorker(gatewayConfig, join(workDir, "gateway-bundle"), bundleLog),
    bundleWorker(passthroughConfig, join(workDir, "passthrough-bundle"), bundleLog),
  ]);
  const seed = await gatewaySeed({
    fast: mocks.fastMock.port,
    slow: mocks.slowMock.port,
    paceMs: options.paceMs,
    delayMs: options.delayMs,
  });
  mkdirSync(join(workDir, "state"), { recursive: true });
  console.log("• starting both workers on workerd (Miniflare, direct sockets; local D1, Queues, Durable Objects)");
  const [switchyard, passthrough] = await Promise.all([
    startMiniflareWorker(
      {
        name: "switchyard-gateway",
        bundle: gatewayBundle,
        wranglerConfig: gatewayConfig,
        compatibilityDate,
        seedStatements: seed.statements,
        inspectorPort,
        // The mocks listen on loopback, which the outbound URL policy refuses unless listed.
        vars: { OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" },
      },
      workDir,
    ),
    startMiniflareWorker({ name: "bench-passthrough", bundle: passthroughBundle, compatibilityDate }, workDir),
  ]);
  await waitForHealth(`${switchyard.url}/health/readiness`);
  console.log("• starting Portkey's gateway");
  const portkey = await startPortkey(workDir);
  if (!portkey.ok) console.log(`  Portkey skipped: ${portkey.reason}`);
  return { ...mocks, passthrough, switchyard, seed, portkey, inspectorPort, gatewayBundle };
}
