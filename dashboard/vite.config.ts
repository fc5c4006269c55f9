import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

/** `npm run dashboard:dev` proxies /api to the admin worker the way the Pages Function does in production. */
const adminOrigin = process.env.SWITCHYARD_ADMIN_URL ?? "http://127.0.0.1:8788";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: {
    port: 5173,
    proxy: { "/api": { target: adminOrigin, rewrite: (path) => path.replace(/^\/api/, "") } },
  },
});
