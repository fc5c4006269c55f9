// The admin API with a bearer key, from Node: how the e2e tests and the screenshot seeding set things up
// the way an operator's script would (nothing is written to D1 behind the API's back).

export interface AdminApiClient {
  /** JSON in, JSON out; throws with the status and body on anything but 2xx. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** POST /config with a YAML body; answers the activated version. */
  importConfig(yaml: string, comment: string): Promise<number>;
}

export function adminApiClient(adminUrl: string, key: string): AdminApiClient {
  const send = async (method: string, path: string, init: { body?: string; contentType?: string }) => {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.contentType === undefined ? {} : { "content-type": init.contentType }),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };
  return {
    call: async <T>(method: string, path: string, body?: unknown) =>
      (await send(
        method,
        path,
        body === undefined ? {} : { body: JSON.stringify(body), contentType: "application/json" },
      )) as T,
    importConfig: async (yaml, comment) => {
      const answer = (await send("POST", `/config?comment=${encodeURIComponent(comment)}`, {
        body: yaml,
        contentType: "application/yaml",
      })) as { version: number };
      return answer.version;
    },
  };
}
