import { useEffect, useState } from "preact/hooks";
import { parseRoute, type Route } from "./route.ts";

/** The current route, following `hashchange` (links are plain `<a href="#/…">`). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
