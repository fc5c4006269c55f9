import type { KeyInfo } from "../../api/keys-api.ts";
import { Badge } from "../../components/badge.tsx";

export function KeyStatus({ keyInfo, now }: { keyInfo: KeyInfo; now: number }) {
  if (keyInfo.blocked) return <Badge tone="bad">blocked</Badge>;
  if (keyInfo.expires !== null && new Date(keyInfo.expires).getTime() <= now) return <Badge tone="warn">expired</Badge>;
  return <Badge tone="ok">active</Badge>;
}
