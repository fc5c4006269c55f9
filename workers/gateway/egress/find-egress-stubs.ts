import { findStubs } from "../../core/vault/credential-stub.ts";

/** Where a stub was found: a request header or a query parameter by name (headers lower case), or the path. */
export type StubPlace = { in: "header"; name: string } | { in: "query"; name: string } | { in: "path" };

export interface StubUse {
  credentialId: string;
  stub: string;
  places: StubPlace[];
}

function add(uses: Map<string, StubUse>, text: string, place: StubPlace): void {
  for (const found of findStubs(text)) {
    const use = uses.get(found.stub) ?? { credentialId: found.credentialId, stub: found.stub, places: [] };
    use.places.push(place);
    uses.set(found.stub, use);
  }
}

/**
 * Every stub in the request's headers and query (names and values, decoded) and path, with where it
 * was found. Bodies are not searched: a stub there reaches the destination as the stub.
 */
export function findEgressStubs(headers: Headers, url: URL): StubUse[] {
  const uses = new Map<string, StubUse>();
  for (const [name, value] of headers) add(uses, `${name}\n${value}`, { in: "header", name });
  for (const [name, value] of url.searchParams) add(uses, `${name}\n${value}`, { in: "query", name });
  add(uses, decodeURIComponentSafely(url.pathname), { in: "path" });
  return [...uses.values()].map((use) => ({ ...use, places: dedupe(use.places) }));
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function dedupe(places: StubPlace[]): StubPlace[] {
  const seen = new Map<string, StubPlace>();
  for (const place of places) seen.set(place.in === "path" ? "path" : `${place.in}:${place.name}`, place);
  return [...seen.values()];
}
