// Where the snapshot comes from: the demo emulator, a file, or Microsoft Graph.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { DateOrder } from "@pim-audit/collector";
import { CollectionError, type DataPiece, escapeControls, InputError, type Snapshot } from "@pim-audit/model";
import { checkTenantForSource } from "./preflight.js";
import { type ProgressSink, progressReporter } from "./progress.js";
import type { Settings } from "./settings.js";
import { toolVersion } from "./version.js";

export interface SourceRequest {
  demo: boolean;
  from: string | undefined;
  /** --tenant as given on the command line (not from the environment or config): refused with a snapshot. */
  tenantFlag?: string | undefined;
  /** --date-order, for an export CSV. */
  dateOrder?: DateOrder | undefined;
  settings: Settings;
  /** Collection clock; with --demo it also anchors the demo tenant's dates. */
  now: Date;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** No progress lines (with --json). */
  quiet: boolean;
  /** What the loaded policies and outputs need from Graph; absent: every piece (`collect`). */
  pieces?: ReadonlySet<DataPiece>;
}

export interface ObtainedSnapshot {
  snapshot: Snapshot;
  description: string;
}

/** PIM_AUDIT_MAX_UNZIPPED_MB: how far a .gz input may expand (the collector's default, 1 GiB, when unset). */
export function inputLimits(env: NodeJS.ProcessEnv): { maxUnzippedBytes?: number } {
  const raw = env.PIM_AUDIT_MAX_UNZIPPED_MB;
  if (raw === undefined || raw === "") return {};
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 1 || mb > 65536)
    throw new InputError(
      "FLAG_INVALID",
      `environment variable PIM_AUDIT_MAX_UNZIPPED_MB: '${raw.slice(0, 20)}' is not a whole number of MiB from 1 to 65536.`,
    );
  return { maxUnzippedBytes: mb * 1024 * 1024 };
}

export async function obtainSnapshot(request: SourceRequest): Promise<ObtainedSnapshot> {
  if (request.from) {
    const { readSource } = await import("@pim-audit/collector");
    const path = resolve(request.cwd, request.from);
    const snapshot = await readSource(path, {
      now: request.now,
      toolVersion,
      tenantId: request.settings.tenant,
      onNotice: (message) => process.stderr.write(`pim-audit: ${escapeControls(message)}\n`),
      ...(request.dateOrder ? { dateOrder: request.dateOrder } : {}),
      ...inputLimits(request.env),
    });
    checkTenantForSource(request.tenantFlag, snapshot.source.kind, request.from);
    return { snapshot, description: `${request.from} (${snapshot.source.kind})` };
  }

  const progress = await progressReporter({ quiet: request.quiet });
  try {
    return request.demo ? await collectDemo(request, progress.sink) : await collectGraph(request, progress.sink);
  } finally {
    progress.done();
  }
}

async function collectDemo(request: SourceRequest, onProgress: ProgressSink): Promise<ObtainedSnapshot> {
  const [{ startEmulator }, { collectFromGraph }] = await Promise.all([
    import("@pim-audit/graph-emulator"),
    import("@pim-audit/collector"),
  ]);
  const emulator = await startEmulator({ tenant: "demo", now: request.now });
  try {
    const snapshot = await collectFromGraph({
      auth: "token",
      cloud: "global",
      env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken() },
      graphEndpoint: emulator.baseUrl,
      caPem: emulator.caCertPem,
      tenantId: emulator.tenantId,
      activityDays: request.settings.activityDays,
      concurrency: request.settings.concurrency,
      requestTimeoutSeconds: request.settings.requestTimeout,
      collectionTimeoutSeconds: request.settings.collectionTimeout,
      ...(request.pieces ? { pieces: request.pieces } : {}),
      now: request.now,
      toolVersion,
      onProgress,
    });
    // The emulator's port changes every run; the snapshot names the demo instead, so that demo
    // snapshots (and everything written from them) are reproducible.
    return {
      snapshot: { ...snapshot, source: { ...snapshot.source, endpoint: "pim-audit demo emulator" } },
      description: `the demo tenant (emulator at ${emulator.baseUrl})`,
    };
  } finally {
    await emulator.stop();
  }
}

async function collectGraph(request: SourceRequest, onProgress: ProgressSink): Promise<ObtainedSnapshot> {
  const { settings, env } = request;
  const hasTarget =
    settings.tenant !== undefined ||
    settings.graphEndpoint !== undefined ||
    (settings.auth === "token" && Boolean(env.PIM_AUDIT_ACCESS_TOKEN)) ||
    Boolean(env.AZURE_CLIENT_ID);
  if (!hasTarget) {
    throw new InputError("SOURCE_MISSING", "no source given.", {
      hint: "Use --demo to try the built-in demo tenant, --from FILE for a snapshot or admin-center export CSV, or --tenant ID with credentials (see the README, Authentication).",
    });
  }
  let caPem: string | undefined;
  if (settings.caFile) {
    try {
      caPem = await readFile(resolve(request.cwd, settings.caFile), "utf8");
    } catch (cause) {
      throw new InputError(
        "FILE_NOT_FOUND",
        `--ca-file ${settings.caFile}: cannot read it (${(cause as Error).message}).`,
        {
          hint: "Give the path of a PEM certificate.",
          cause,
        },
      );
    }
  }
  const { collectFromGraph } = await import("@pim-audit/collector");
  try {
    const snapshot = await collectFromGraph({
      auth: settings.auth,
      cloud: settings.cloud,
      tenantId: settings.tenant,
      graphEndpoint: settings.graphEndpoint,
      caPem,
      env,
      activityDays: settings.activityDays,
      concurrency: settings.concurrency,
      requestTimeoutSeconds: settings.requestTimeout,
      collectionTimeoutSeconds: settings.collectionTimeout,
      ...(request.pieces ? { pieces: request.pieces } : {}),
      now: request.now,
      toolVersion,
      onProgress,
    });
    return { snapshot, description: `Microsoft Graph (${snapshot.source.endpoint ?? settings.cloud})` };
  } catch (error) {
    if (error instanceof Error && !(error instanceof InputError) && !(error instanceof CollectionError)) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(code)) {
        throw new CollectionError("NETWORK_UNREACHABLE", `cannot reach Microsoft Graph (${code}).`, {
          hint: "Check the network, proxy settings and --graph-endpoint.",
          cause: error,
        });
      }
    }
    throw error;
  }
}
