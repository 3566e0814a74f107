// startEmulator: the loopback HTTPS server that speaks Microsoft Graph v1.0 for one tenant.

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { dispatchBatch } from "./http/batch.js";
import { createCertificate } from "./http/certificate.js";
import { type Dispatcher, dispatch, type Outcome, type RequestLogEntry } from "./http/dispatch.js";
import {
  type FaultCount,
  FaultInjector,
  type FaultRule,
  faultError,
  faultHtml,
  OUTER_FAULT_KINDS,
} from "./http/faults.js";
import { errorBody, GraphError } from "./http/graph-error.js";
import { ClientJudge, type ClientViolation, clientOf } from "./http/judge.js";
import { Latency, type LatencyOptions } from "./http/latency.js";
import { ALL_READ_PERMISSIONS } from "./http/permissions.js";
import { Throttle, type ThrottleOptions } from "./http/throttle.js";
import { DEFAULT_APP_ID, mintToken } from "./http/token.js";
import { guid } from "./ids.js";
import { demoTenant } from "./tenant/demo.js";
import { type Directory, fixtureDirectory } from "./tenant/directory.js";
import type { TenantFixture } from "./tenant/fixture.js";
import { type GenerateOptions, generatedDirectory } from "./tenant/generate.js";

export interface StartEmulatorOptions {
  /** Default "demo". */
  tenant?: "demo" | TenantFixture | GenerateOptions;
  /** Default 0 = a free port; the host is always 127.0.0.1. */
  port?: number;
  /** The emulator's clock; the demo and generated tenants place dates relative to it. Default: real now. */
  now?: Date;
  /** Seeds faults, jitter, request ids and the generator. Default 1. */
  seed?: number;
  throttle?: ThrottleOptions;
  faults?: FaultRule[];
  latency?: LatencyOptions;
  /** signInActivity needs it; default: the tenant's own flag (true for demo). */
  premiumLicence?: boolean;
  /** Microsoft Entra ID P2 (or Governance), which the PIM routes need; without it they refuse as Graph does. Default true. */
  pimLicence?: boolean;
  /** Page size when the client sends no $top. Default 100. */
  pageSize?: number;
  /** Page sizes of some routes, by route name as in the request log, instead of `pageSize`. */
  routePageSizes?: Record<string, number>;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT`, no trailing slash; Graph paths are under `${baseUrl}/v1.0/...`. */
  baseUrl: string;
  /** PEM of the CA that signed the server certificate: trust this. */
  caCertPem: string;
  tenantId: string;
  /**
   * An unsigned JWT for this tenant; default roles = ALL_READ_PERMISSIONS. With `scopes`, a delegated (user) token
   * carrying them in `scp` instead: `{scopes: AZURE_CLI_GRAPH_SCOPES, appId: AZURE_CLI_APP_ID}` is what `az login` gets.
   */
  mintToken(options?: { roles?: string[]; scopes?: readonly string[]; appId?: string; tenantId?: string }): string;
  requestLog(): readonly RequestLogEntry[];
  /** Forgets the request log and the client violations. */
  clearRequestLog(): void;
  /**
   * What the client did wrong, as Dev Proxy's RetryAfterPlugin judges it: requests repeated before the Retry-After
   * the emulator gave for them, and paging URLs ($skiptoken) the emulator never issued. A well-behaved client has none.
   */
  violations(): readonly ClientViolation[];
  /** How often each fault rule fired, per route: a test can check that its fault was met at all. */
  firedFaults(): readonly FaultCount[];
  /** Replaces the fault rules (their counts start again), say between two runs of a client against one emulator. */
  setFaults(faults: readonly FaultRule[]): void;
  stop(): Promise<void>;
}

function isFixture(tenant: TenantFixture | GenerateOptions): tenant is TenantFixture {
  return "tenant" in tenant && Array.isArray((tenant as TenantFixture).users);
}

function directoryFor(tenant: StartEmulatorOptions["tenant"], now: Date, seed: number): Directory {
  if (tenant === undefined || tenant === "demo") return fixtureDirectory(demoTenant(now));
  if (isFixture(tenant)) return fixtureDirectory(tenant);
  return generatedDirectory({ seed, ...tenant }, now);
}

function readBody(req: IncomingMessage): Promise<string> {
  // Without Content-Length or Transfer-Encoding a request has no body (a GET): nothing to wait for.
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
    return Promise.resolve("");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A batch is the same request again when it asks for the same inner requests: its judge key lists them. */
function batchTarget(url: string, body: unknown): string {
  const requests = (body as { requests?: unknown } | null)?.requests;
  const inner = Array.isArray(requests)
    ? requests
        .map((r) => `${String((r as { method?: unknown })?.method)} ${String((r as { url?: unknown })?.url)}`)
        .sort()
        .join("\n")
    : "";
  return `${url.split("?")[0]}?requests=${encodeURIComponent(inner)}`;
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const startedAt = performance.now();
  const now = options.now ?? new Date();
  const seed = options.seed ?? 1;
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - startedAt));
  const loaded = directoryFor(options.tenant, now, seed);
  const directory: Directory =
    options.premiumLicence === undefined
      ? loaded
      : { ...loaded, tenant: { ...loaded.tenant, premiumLicence: options.premiumLicence } };
  // TLS validity is checked against the real clock, whatever the tenant's clock says.
  const certificate = await createCertificate(new Date());
  const log: RequestLogEntry[] = [];
  let requestNumber = 0;
  let batchNumber = 0;

  const dispatcher: Dispatcher = {
    directory,
    now,
    clock,
    realClock: () => new Date(),
    versionBase: "",
    defaultPageSize: options.pageSize ?? 100,
    routePageSizes: options.routePageSizes ?? {},
    throttle: new Throttle(options.throttle ?? {}, directory.users.size, () => performance.now()),
    faults: new FaultInjector(options.faults ?? [], seed),
    judge: new ClientJudge(),
    pimLicence: options.pimLicence ?? true,
    seed,
    log,
    nextRequestNumber: () => ++requestNumber,
  };
  let latency = new Latency(options.latency ?? {}, options.faults ?? [], seed);

  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    const url = req.url ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    let body: unknown;
    let outcome: Outcome;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
      if (/^\/v1\.0\/\$batch\/?(\?|$)/i.test(url) && method === "POST") {
        const number = ++batchNumber;
        const client = clientOf(headers.authorization);
        const target = batchTarget(url, body);
        dispatcher.judge.arrived(client, method, target, `${method} ${url}`);
        const faults = dispatcher.faults.draw("$batch", OUTER_FAULT_KINDS);
        const errorOutcome = (e: GraphError): Outcome => ({
          status: e.status,
          headers: { "Content-Type": "application/json", ...e.headers },
          body: errorBody(e.code, e.message, {
            requestId: guid(seed, "batch", number),
            clientRequestId: headers["client-request-id"] ?? guid(seed, "batch-client", number),
            date: clock(),
          }),
        });
        const statusFault = faults.find((f) => f.kind === "status");
        const html = faults.find((f) => f.kind === "html");
        const redirect = faults.find((f) => f.kind === "redirect");
        if (statusFault) {
          outcome = errorOutcome(faultError(statusFault, new Date()));
        } else if (html) {
          const page = faultHtml(html);
          outcome = {
            status: page.status,
            headers: { "Content-Type": "text/html; charset=utf-8" },
            body: {},
            rawBody: page.body,
          };
        } else if (redirect) {
          outcome = { status: 302, headers: { Location: redirect.location ?? "/" }, body: {} };
        } else {
          try {
            outcome = dispatchBatch(dispatcher, { method, url, headers, body, inBatch: false }, number);
          } catch (error) {
            outcome = errorOutcome(
              error instanceof GraphError ? error : new GraphError(500, "generalException", String(error)),
            );
          }
        }
        const connectionFault = faults.find((f) => ["reset", "truncate", "stall", "trickle"].includes(f.kind));
        outcome = {
          ...outcome,
          ...(connectionFault ? { connectionFault } : {}),
          answers: [...(outcome.answers ?? []), { client, method, target, headers: outcome.headers }],
        };
        log.push({
          method,
          route: "$batch",
          path: url,
          status: outcome.status,
          resourceUnits: 0,
          at: clock().toISOString(),
        });
      } else {
        outcome = dispatch(dispatcher, { method, url, headers, body, inBatch: false });
      }
    } catch {
      log.push({ method, route: "(unknown)", path: url, status: 400, resourceUnits: 0, at: clock().toISOString() });
      outcome = {
        status: 400,
        headers: { "Content-Type": "application/json" },
        body: errorBody(
          "BadRequest",
          "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
          {
            requestId: guid(seed, "bad-json", ++requestNumber),
            clientRequestId: headers["client-request-id"] ?? guid(seed, "bad-json-client", requestNumber),
            date: clock(),
          },
        ),
      };
    }

    // Every branch above logged this request last (dispatch and the batch synchronously).
    const route = log.at(-1)?.route ?? "(unknown)";
    const delay = latency.next(route);
    // Serialised before the latency wait: only the bytes wait, not the answer's objects, which would outlive
    // garbage collections while they wait and be copied by each.
    const { status, headers: responseHeaders, connectionFault } = outcome;
    const bytes =
      connectionFault?.kind === "reset" ? null : Buffer.from(outcome.rawBody ?? JSON.stringify(outcome.body), "utf8");
    if (delay > 0) await sleep(delay);

    // Never answered: the socket stays open until the client gives up or the emulator stops.
    if (connectionFault?.kind === "stall") return;
    if (bytes === null) {
      req.socket.destroy();
      return;
    }
    res.writeHead(status, { ...responseHeaders, "Content-Length": String(bytes.length) });
    for (const answer of outcome.answers ?? []) {
      dispatcher.judge.answered(answer.client, answer.method, answer.target, answer.headers);
    }
    if (connectionFault?.kind === "truncate") {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
      return;
    }
    if (connectionFault?.kind === "trickle") {
      const interval = connectionFault.trickleMs ?? 2000;
      for (let i = 0; i < bytes.length; i++) {
        if (res.destroyed) return;
        res.write(bytes.subarray(i, i + 1));
        await sleep(interval);
      }
    }
    res.end(connectionFault?.kind === "trickle" ? undefined : bytes);
  };

  const server = createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
    respond(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { code: "generalException", message: String(error) } }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `https://127.0.0.1:${port}`;
  dispatcher.versionBase = `${baseUrl}/v1.0`;

  return {
    baseUrl,
    caCertPem: certificate.caCertPem,
    tenantId: directory.tenant.id,
    mintToken: (mint = {}) =>
      mintToken(
        {
          tid: mint.tenantId ?? directory.tenant.id,
          appid: mint.appId ?? DEFAULT_APP_ID,
          roles: [...(mint.roles ?? ALL_READ_PERMISSIONS)],
          ...(mint.scopes === undefined ? {} : { scopes: [...mint.scopes] }),
        },
        new Date(),
      ),
    requestLog: () => [...log],
    clearRequestLog: () => {
      log.length = 0;
      dispatcher.judge.clear();
    },
    violations: () => dispatcher.judge.violations(),
    firedFaults: () =>
      [...dispatcher.faults.counts(), ...latency.faults.counts()].sort(
        (a, b) => a.rule - b.rule || (a.route < b.route ? -1 : 1),
      ),
    setFaults: (faults) => {
      dispatcher.faults = new FaultInjector(faults, seed);
      latency = new Latency(options.latency ?? {}, faults, seed);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
