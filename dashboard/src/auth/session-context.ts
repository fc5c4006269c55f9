import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { AdminSession } from "../api/auth-api.ts";
import type { Permissions } from "./permissions.ts";

export interface SignedIn {
  session: AdminSession;
  permissions: Permissions;
  signOut: () => void;
}

export const SessionContext = createContext<SignedIn | null>(null);

/** The signed-in session; pages render only inside the signed-in shell, so it is always there. */
export function useSignedIn(): SignedIn {
  const value = useContext(SessionContext);
  if (value === null) throw new Error("useSignedIn outside the signed-in shell");
  return value;
}
