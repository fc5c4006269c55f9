import { useEffect, useMemo, useState } from "preact/hooks";
import { AdminApiError } from "./api/admin-api-error.ts";
import { subscribeUnauthorized } from "./api/admin-client.ts";
import { type AdminSession, fetchSession, signOut } from "./api/auth-api.ts";
import { permissionsOf } from "./auth/permissions.ts";
import { SessionContext, type SignedIn } from "./auth/session-context.ts";
import { NavBar } from "./components/nav-bar.tsx";
import { ProgressBar } from "./components/progress-bar.tsx";
import { Spinner } from "./components/spinner.tsx";
import { PageForRoute } from "./pages/page-for-route.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { useRoute } from "./router/use-route.ts";

type AuthState =
  | { status: "checking" }
  | { status: "signed-out"; notice: string | null }
  | { status: "signed-in"; session: AdminSession };

/** Asks the admin worker whether the session cookie is still good; the page holds no key of its own. */
function useAuth() {
  const [auth, setAuth] = useState<AuthState>({ status: "checking" });
  useEffect(() => {
    fetchSession().then(
      (session) => setAuth({ status: "signed-in", session }),
      (error: unknown) => {
        const unreachable = error instanceof AdminApiError && error.status !== 401;
        setAuth({ status: "signed-out", notice: unreachable ? error.message : null });
      },
    );
    return subscribeUnauthorized(() =>
      setAuth({ status: "signed-out", notice: "Your session has ended. Sign in again." }),
    );
  }, []);
  return [auth, setAuth] as const;
}

export function App() {
  const [auth, setAuth] = useAuth();
  const route = useRoute();
  const signedIn = useMemo<SignedIn | null>(() => {
    if (auth.status !== "signed-in") return null;
    return {
      session: auth.session,
      permissions: permissionsOf(auth.session),
      signOut: () => {
        // Signed out locally whatever the answer: at worst the cookie expires on its own.
        signOut().then(
          () => setAuth({ status: "signed-out", notice: "Signed out." }),
          () => setAuth({ status: "signed-out", notice: "Signed out." }),
        );
      },
    };
  }, [auth, setAuth]);

  if (auth.status === "checking") {
    return (
      <div class="center-screen">
        <Spinner label="Checking your session…" />
      </div>
    );
  }
  if (signedIn === null) {
    return (
      <SignInPage
        notice={auth.status === "signed-out" ? auth.notice : null}
        onSignedIn={(session) => setAuth({ status: "signed-in", session })}
      />
    );
  }
  return (
    <SessionContext.Provider value={signedIn}>
      <ProgressBar />
      <div class="shell">
        <NavBar route={route} />
        <main class="content">
          <PageForRoute route={route} />
        </main>
      </div>
    </SessionContext.Provider>
  );
}
