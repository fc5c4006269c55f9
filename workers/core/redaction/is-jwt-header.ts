/** True when a base64url segment decodes to a JSON object with an `alg`, i.e. it is a JWS/JWT header. */
export function isJwtHeader(segment: string): boolean {
  try {
    const base64 = segment.replaceAll("-", "+").replaceAll("_", "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const header: unknown = JSON.parse(atob(padded));
    return typeof header === "object" && header !== null && typeof (header as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}
