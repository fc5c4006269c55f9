// Setup (b): the floor for any gateway on Workers. A Hono app that forwards each request, body and
// response streamed as they are, to a loopback upstream named in the path: /<port>/<rest> → http://127.0.0.1:<port>/<rest>.
// No auth, no parsing, no records; whatever Switchyard adds on top of this is Switchyard's cost.
import { Hono } from "hono";

const app = new Hono();

app.all("/:port{[0-9]+}/*", (c) => {
  const incoming = new URL(c.req.url);
  const port = c.req.param("port");
  const rest = incoming.pathname.slice(port.length + 1);
  return fetch(new Request(`http://127.0.0.1:${port}${rest}${incoming.search}`, c.req.raw));
});

export default app;
