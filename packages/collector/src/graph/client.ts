// The Microsoft Graph client: the SDK's middleware chain (auth, retry, redirect, telemetry) ending in a
// fetch that trusts the extra CA and keeps the network error's code, which the SDK's own handler drops.
import type { TokenCredential } from "@azure/identity";
import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  TelemetryHandler,
} from "@microsoft/microsoft-graph-client";
import { Agent } from "undici";
import { CredentialTokenProvider } from "./token-provider.js";

/** A failure below HTTP (reset, refused, TLS); `name` carries the code so that GraphError.code keeps it. */
export class NetworkError extends Error {
  readonly networkCode: string;
  constructor(networkCode: string, message: string) {
    super(message);
    this.name = `NetworkError:${networkCode}`;
    this.networkCode = networkCode;
  }
}

function networkCodeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return "UNKNOWN";
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
      const code = networkCodeOf(error);
      throw new NetworkError(code, `the connection failed (${code})`);
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
      new RetryHandler(),
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
