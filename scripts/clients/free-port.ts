import { createServer } from "node:net";

/** Asks the kernel for an unused loopback port (closed again at once, so a tiny race remains). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("could not allocate a loopback port");
  return address.port;
}
