// The Microsoft Graph client: the SDK's middleware chain (auth, redirect, telemetry) ending in a fetch that
// trusts the extra CA and keeps the network error's code, which the SDK's own handler drops. Retries are not
// the SDK's RetryHandler's (its waits cannot be bounded or cancelled): GraphSession.send does them.
import type { TokenCredential } from "@azure/identity";
import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import { Agent } from "undici";
import { CredentialTokenProvider } from "./token-provider.js";

/** A failure below HTTP (reset, refused, TLS); `name` carries the code so that GraphError.code keeps it. */
export class NetworkError extends Error {
  readonly networkCode: string;
  /** What the deepest cause said (`bad port`, `getaddrinfo ENOTFOUND host`...): the real reason, for the user. */
  readonly detail: string;
  constructor(networkCode: string, message: string, detail = "") {
    super(message);
    this.name = `NetworkError:${networkCode}`;
    this.networkCode = networkCode;
    this.detail = detail;
  }
}

/** The first string `code` down the cause chain, and the deepest message (fetch's own is only "fetch failed"). */
export function networkCauseOf(error: unknown): { code: string; detail: string } {
  let current: unknown = error;
  let code: string | null = null;
  let detail = "";
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const own = (current as { code?: unknown }).code;
    if (code === null && typeof own === "string") code = own;
    if (current.message) detail = current.message;
    current = current.cause;
  }
  return { code: code ?? "UNKNOWN", detail };
}

class FetchHandler implements Middleware {
  readonly #dispatcher: Agent | undefined;
  constructor(dispatcher: Agent | undefined) {
    this.#dispatcher = dispatcher;
  }
  async execute(context: Context): Promise<void> {
    const init = (
      this.#dispatcher ? { ...context.options, dispatcher: this.#dispatcher } : context.options
    ) as RequestInit;
    try {
      context.response = await fetch(context.request, init);
    } catch (error) {
      const { code, detail } = networkCauseOf(error);
      // The message is the real reason: the SDK keeps only the name and message of what a middleware throws.
      throw new NetworkError(code, detail || code, detail);
    }
  }
  setNext(): void {}
}

/** Whether a redirect's Location stays on the Graph endpoint's origin (scheme, host and port). */
function sameOrigin(response: Response, origin: string): boolean {
  const location = response.headers.get("location");
  if (location === null) return false;
  try {
    return new URL(location, response.url || origin).origin === origin;
  } catch {
    return false;
  }
}

export interface GraphClientOptions {
  credential: TokenCredential;
  scope: string;
  /** Origin of the Graph service, e.g. https://graph.microsoft.com or https://127.0.0.1:PORT. */
  origin: string;
  caPem?: string;
}

export interface GraphClient {
  client: Client;
  close(): Promise<void>;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const dispatcher = options.caPem === undefined ? undefined : new Agent({ connect: { ca: options.caPem } });
  const authProvider = new CredentialTokenProvider(options.credential, options.scope);
  const client = Client.initWithMiddleware({
    middleware: [
      new AuthenticationHandler(authProvider),
      // A redirect is followed only within the Graph endpoint: an answer from another host or port is not Graph's.
      new RedirectHandler(new RedirectHandlerOptions(5, (response) => sameOrigin(response, options.origin))),
      new TelemetryHandler(),
      new FetchHandler(dispatcher),
    ],
    // The token is attached only to hosts the SDK knows or that are listed here (port ignored).
    customHosts: new Set([new URL(options.origin).hostname]),
  });
  return {
    client,
    close: async () => {
      await dispatcher?.close();
    },
  };
}
