// collectFromGraph: read everything a PIM review needs from Graph into one Snapshot, with few requests
// (lists paged, lookups batched 20 at a time), bounded concurrency, and a gap for anything unreadable.
import { setMaxListeners } from "node:events";
import type { TokenCredential } from "@azure/identity";
import {
  type Assignment,
  type Cloud,
  CollectionError,
  canonicalSnapshot,
  type DataPiece,
  type Gap,
  InputError,
  type Principal,
  type PrincipalType,
  type RoleDefinition,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from "@pim-audit/model";
import { CLOUDS } from "../clouds.js";
import { AUTH_VARIABLES, type AuthMode, createCredential } from "../credentials.js";
import { GRAPH_PERMISSIONS, permissionsFor } from "../permissions.js";
import type { ProgressEvent } from "../progress.js";
import type { BatchRequest, BatchResponse } from "./batch.js";
import { createGraphClient } from "./client.js";
import { readGroupSettings } from "./group-settings.js";
import { LookupQueue } from "./lookups.js";
import { normaliseActivation } from "./normalise/activations.js";
import {
  indexSchedules,
  memberTypeOf,
  normaliseDirectoryAssignments,
  type ScheduleFacts,
} from "./normalise/assignments.js";
import { arr, type GraphObject, obj, str } from "./normalise/fields.js";
import {
  expandGroupHolders,
  type GroupMember,
  isGroupHolder,
  type PimGroupInstances,
} from "./normalise/group-holders.js";
import { emptyPrincipal, mergePrincipal, principalTypeOf } from "./normalise/principals.js";
import { normaliseRoleSetting } from "./normalise/role-settings.js";
import { normaliseRoleDefinition, roleFromCatalog } from "./normalise/roles.js";
import { type PageCounter, readAllPages } from "./paging.js";
import { GRAPH_PATHS, groupLookupPaths, groupSettingsLookup } from "./paths.js";
import { PrincipalLookups } from "./principal-lookups.js";
import { DEFAULT_RETRY, GraphRequestError, GraphSession, graphError } from "./session.js";

export interface GraphSourceOptions {
  auth: AuthMode;
  cloud: Cloud;
  /** Else AZURE_TENANT_ID, else the tenant Graph reports. */
  tenantId?: string;
  /** Graph base URL override (proxy, emulator), e.g. https://127.0.0.1:PORT */
  graphEndpoint?: string;
  /** An extra CA (PEM) to trust for the Graph endpoint. */
  caPem?: string;
  env?: NodeJS.ProcessEnv;
  /** Used as-is instead of building one from `auth`. */
  credential?: TokenCredential;
  /** Days of activation history to read (default 90). */
  activityDays?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Retries allowed across the whole collection before it fails closed (default 60). */
  retryBudget?: number;
  /** Seconds to wait on a 429/503/504 without Retry-After (default 3; tests lower it). */
  retryDelaySeconds?: number;
  /** The collectedAt clock (default: now). */
  now?: Date;
  toolVersion: string;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

/** Which piece a status means is missing, when the status means "not allowed / not licensed" rather than a fault. */
function isGap(error: unknown): error is GraphRequestError {
  return (
    error instanceof GraphRequestError &&
    (error.status === 403 ||
      error.status === 404 ||
      error.status === 501 ||
      // What Graph answers for a path segment this deployment (cloud, proxy, emulator) does not have.
      (error.status === 400 && /resource not found for the segment/i.test(error.graphMessage)) ||
      /licen[cs]e|premium/i.test(error.graphCode ?? ""))
  );
}

function gapReason(
  piece: Exclude<DataPiece, "ids">,
  status: number,
  graphCode: string | null,
  request: string | null,
): string {
  const needs = GRAPH_PERMISSIONS[piece];
  const code = graphCode ? ` (${graphCode})` : "";
  if (/licen[cs]e|premium|NonPremium/i.test(graphCode ?? "") && needs.licence) {
    return `Graph refused it${code}: the tenant needs ${needs.licence}.`;
  }
  if (status === 403)
    return `Graph answered 403${code}: the app needs ${permissionsFor(piece, request).join(" and ")}.`;
  return `Graph answered ${status}${code}: this endpoint is not available here.`;
}

function baseUrlFor(endpoint: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError("FLAG_INVALID", `${flag} ${endpoint} is not a URL.`, { hint: "Give an https:// URL." });
  }
  if (url.protocol !== "https:") {
    throw new InputError("FLAG_INVALID", `${flag} ${endpoint} must use https:// (the token is only sent over TLS).`, {
      hint: "Give an https:// URL, and --ca-file if its certificate is not publicly trusted.",
    });
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${/\/(v1\.0|beta)$/.test(path) ? path : `${path}/v1.0`}`;
}

class Run {
  readonly gaps: Gap[] = [];
  readonly #progress: (event: ProgressEvent) => void;
  constructor(
    readonly session: GraphSession,
    progress: (event: ProgressEvent) => void,
  ) {
    this.#progress = progress;
  }

  gap(piece: Exclude<DataPiece, "ids">, collection: string, error: GraphRequestError): void {
    const request = error.request ?? null;
    const reason = gapReason(piece, error.status, error.graphCode, request);
    // One gap per piece and reason (say, one group of many refused), naming the first request in sort order.
    const same = this.gaps.find((g) => g.piece === piece && g.reason === reason);
    if (same) {
      if (request !== null && (same.request === null || request < same.request)) same.request = request;
      return;
    }
    this.gaps.push({ piece, reason, request, expected: false });
    this.#progress({ kind: "gap", collection, piece, reason });
  }

  /** A whole collection, or null (and a gap) when Graph refuses it. */
  async list(
    collection: string,
    piece: Exclude<DataPiece, "ids">,
    path: string,
    onItems: (items: readonly GraphObject[]) => void = () => {},
  ): Promise<GraphObject[] | null> {
    this.#progress({ kind: "collection-start", collection });
    const counter: PageCounter = { pages: 0, items: 0 };
    try {
      const items = await readAllPages(this.session, path, collection, counter, (c, page) => {
        this.#progress({ kind: "page", collection, pages: c.pages, items: c.items });
        onItems(page);
      });
      this.#progress({ kind: "collection-done", collection, pages: counter.pages, items: counter.items });
      return items;
    } catch (error) {
      if (!isGap(error)) throw error;
      this.gap(piece, collection, error);
      return null;
    }
  }

  /** Every item of a batched list response, following its nextLink; null (and a gap) when refused. */
  async itemsOf(
    collection: string,
    piece: Exclude<DataPiece, "ids">,
    request: BatchRequest,
    response: BatchResponse | undefined,
  ): Promise<GraphObject[] | null> {
    const fullRequest = `GET ${request.url}`;
    if (response === undefined) {
      throw new CollectionError("GRAPH_REQUEST_FAILED", "Graph's $batch answer had no response for this request.", {
        request: fullRequest,
      });
    }
    if (response.status < 200 || response.status >= 300) {
      const error = graphError(fullRequest, response.status, response.body, response.headers);
      if (!isGap(error)) throw error;
      this.gap(piece, collection, error);
      return null;
    }
    const counter: PageCounter = { pages: 0, items: 0 };
    return readAllPages(this.session, request.url, collection, counter, () => {}, response.body as GraphObject);
  }
}

function principalsFromExpand(items: readonly GraphObject[], into: Map<string, Principal>): void {
  for (const item of items) {
    const raw = item["principal"];
    if (raw === null || typeof raw !== "object") continue;
    const p = raw as GraphObject;
    const id = str(p, "id");
    if (id === null) continue;
    into.set(id, mergePrincipal(into.get(id), p, principalTypeOf(p)));
  }
}

export async function collectFromGraph(options: GraphSourceOptions): Promise<Snapshot> {
  const env = options.env ?? process.env;
  const cloud = CLOUDS[options.cloud];
  if (!cloud) {
    throw new InputError("FLAG_INVALID", `--cloud ${String(options.cloud)} is not a known cloud.`, {
      hint: `Use one of ${Object.keys(CLOUDS).join(", ")}.`,
    });
  }
  const baseUrl = baseUrlFor(options.graphEndpoint ?? cloud.graphEndpoint, "--graph-endpoint");
  const credential =
    options.credential ??
    createCredential(options.auth, {
      cloud: options.cloud,
      env,
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
    });
  const now = options.now ?? new Date();
  const activityDays = options.activityDays ?? 90;
  const progress = options.onProgress ?? (() => {});

  try {
    const token = await credential.getToken(cloud.scope);
    if (!token?.token) throw new Error("the credential returned no token");
  } catch (error) {
    if (error instanceof CollectionError || error instanceof InputError) throw error;
    const vars = AUTH_VARIABLES[options.auth];
    const first = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new CollectionError(
      "AUTH_FAILED",
      `--auth ${options.auth} could not get a token for ${cloud.scope}: ${first}`,
      {
        cause: error,
        hint: vars.required.length
          ? `Check ${vars.required.join(", ")} and --cloud.`
          : "Sign in (az login, managed identity or AZURE_* variables) and check --tenant and --cloud.",
      },
    );
  }

  const { client, close } = createGraphClient({
    credential,
    scope: cloud.scope,
    origin: new URL(baseUrl).origin,
    ...(options.caPem === undefined ? {} : { caPem: options.caPem }),
  });
  // The first collection that fails stops the others, so that the process ends with the error
  // instead of waiting for requests nobody will use.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Every request waiting out a Retry-After listens on it (hundreds of lookups when Graph throttles a big tenant).
  setMaxListeners(0, signal);
  try {
    const session = new GraphSession({
      client,
      baseUrl,
      retry: {
        ...DEFAULT_RETRY,
        ...(options.retryBudget === undefined ? {} : { budget: options.retryBudget }),
        ...(options.retryDelaySeconds === undefined ? {} : { throttleDelaySeconds: options.retryDelaySeconds }),
      },
      onProgress: progress,
      signal,
      concurrency: options.concurrency ?? 8,
    });
    const run = new Run(session, progress);
    const lookupQueue = (collection: string) =>
      new LookupQueue({ session, collection, progress, onFailure: (error) => stop.abort(error) });
    const groupLookups = lookupQueue("groups");
    const principalLookups = new PrincipalLookups(lookupQueue("principals"));
    // Principals and role-holding groups are looked up as the pages that name them arrive.
    const lookUpEarly = (items: readonly GraphObject[]) => {
      for (const item of items) {
        const principal = obj(item, "principal");
        const id = str(principal, "id");
        if (id === null) continue;
        const type = principalTypeOf(principal);
        principalLookups.offer(id, type);
        if (type === "group" && memberTypeOf(str(item, "memberType")) !== "group") {
          for (const request of groupLookupPaths(id)) groupLookups.add(request);
          groupLookups.add(groupSettingsLookup(id));
        }
      }
    };
    const since = new Date(now.getTime() - activityDays * 86_400_000).toISOString();

    const [
      organization,
      roleDefinitions,
      eligibilityInstances,
      assignmentInstances,
      eligibilitySchedules,
      assignmentSchedules,
      roleAssignments,
      policyAssignments,
      requests,
    ] = await Promise.all([
      run.session.json("GET", GRAPH_PATHS.organization, "organization").catch((error) => {
        if (isGap(error)) return null;
        throw error;
      }),
      run.list("roleDefinitions", "roleDefinitions", GRAPH_PATHS.roleDefinitions),
      run.list("roleEligibilityScheduleInstances", "assignments", GRAPH_PATHS.eligibilityInstances, lookUpEarly),
      run.list("roleAssignmentScheduleInstances", "assignments", GRAPH_PATHS.assignmentInstances, lookUpEarly),
      run.list("roleEligibilitySchedules", "schedules", GRAPH_PATHS.eligibilitySchedules),
      run.list("roleAssignmentSchedules", "schedules", GRAPH_PATHS.assignmentSchedules),
      run.list("roleAssignments", "directAssignments", GRAPH_PATHS.roleAssignments, lookUpEarly),
      run.list("roleManagementPolicyAssignments", "roleSettings", GRAPH_PATHS.policyAssignments),
      run.list("roleAssignmentScheduleRequests", "activationHistory", GRAPH_PATHS.activationRequests(since)),
    ]);

    const principals = new Map<string, Principal>();
    for (const items of [eligibilityInstances, assignmentInstances, roleAssignments]) {
      if (items) principalsFromExpand(items, principals);
    }
    const principalType = (id: string): PrincipalType => principals.get(id)?.type ?? "unknown";

    let schedules: Map<string, ScheduleFacts> | null = null;
    if (eligibilitySchedules && assignmentSchedules) {
      schedules = indexSchedules([...eligibilitySchedules, ...assignmentSchedules]);
    }
    const direct = normaliseDirectoryAssignments({
      eligibilityInstances: eligibilityInstances ?? [],
      assignmentInstances: assignmentInstances ?? [],
      roleAssignments,
      ctx: { schedules, principalType },
    });

    // Groups that hold a role: their transitive members and PIM for Groups memberships/ownerships.
    const groupIds = [
      ...new Set(direct.filter((a) => isGroupHolder(a, principalType)).map((a) => a.principalId)),
    ].sort();
    for (const request of groupIds.flatMap((id) => [...groupLookupPaths(id), groupSettingsLookup(id)])) {
      groupLookups.add(request);
    }
    const groupAnswers = await groupLookups.drain();
    const groupSettings = await readGroupSettings(groupIds, groupAnswers, (request, response) =>
      run.itemsOf("groups", "roleSettings", request, response),
    );
    const members = new Map<string, GroupMember[]>();
    const pimGroups = new Map<string, PimGroupInstances>();
    await Promise.all(
      groupIds.map(async (groupId) => {
        const [membersReq, eligibilityReq, assignmentReq] = groupLookupPaths(groupId) as [
          BatchRequest,
          BatchRequest,
          BatchRequest,
        ];
        const [memberItems, eligibility, assignment] = await Promise.all([
          run.itemsOf("groups", "groupMembers", membersReq, groupAnswers.get(membersReq.id)),
          run.itemsOf("groups", "pimForGroups", eligibilityReq, groupAnswers.get(eligibilityReq.id)),
          run.itemsOf("groups", "pimForGroups", assignmentReq, groupAnswers.get(assignmentReq.id)),
        ]);
        if (memberItems) {
          const list: GroupMember[] = [];
          for (const m of memberItems) {
            const id = str(m, "id");
            if (id === null) continue;
            const type = principalTypeOf(m);
            principals.set(id, mergePrincipal(principals.get(id), m, type));
            list.push({ id, type });
          }
          members.set(groupId, list);
        }
        if (eligibility && assignment) {
          principalsFromExpand([...eligibility, ...assignment], principals);
          pimGroups.set(groupId, { eligibility, assignment });
        }
      }),
    );
    const assignments: Assignment[] = expandGroupHolders({ assignments: direct, principalType, members, pimGroups });

    // Every principal that holds something, looked up once for the attributes the rules need.
    for (const a of assignments) {
      if (!principals.has(a.principalId)) principals.set(a.principalId, emptyPrincipal(a.principalId, "unknown"));
    }
    await principalLookups.finish(principals, run);
    for (const [groupId, list] of members) {
      const group = principals.get(groupId);
      if (group) principals.set(groupId, { ...group, members: list.map((m) => m.id).sort() });
    }

    const roles = new Map<string, RoleDefinition>();
    for (const raw of roleDefinitions ?? []) {
      const role = normaliseRoleDefinition(raw);
      if (role) roles.set(role.id, role);
    }
    for (const a of assignments) {
      if (!roles.has(a.roleId)) {
        const role = roleFromCatalog(a.roleId);
        if (role) roles.set(role.id, role);
      }
    }

    const roleSettings = (policyAssignments ?? [])
      .map(normaliseRoleSetting)
      .filter((s): s is NonNullable<typeof s> => s !== null);
    const activations = (requests ?? [])
      .map((r) => normaliseActivation(r, since))
      .filter((a): a is NonNullable<typeof a> => a !== null);

    const org = (organization ? arr(organization, "value")[0] : undefined) as GraphObject | undefined;
    const defaultDomain =
      (arr(org, "verifiedDomains") as GraphObject[]).find((d) => d["isDefault"] === true)?.["name"] ?? null;
    const tenantId = options.tenantId ?? env["AZURE_TENANT_ID"] ?? str(org, "id");
    if (!tenantId) {
      throw new InputError("FLAG_INVALID", "the tenant id is unknown: Graph did not report it.", {
        hint: "Pass --tenant or set AZURE_TENANT_ID.",
      });
    }

    return canonicalSnapshot({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      tenant: {
        id: tenantId,
        displayName: str(org, "displayName"),
        defaultDomain: typeof defaultDomain === "string" ? defaultDomain : null,
        cloud: options.cloud,
      },
      collectedAt: now.toISOString(),
      source: { kind: "graph", endpoint: baseUrl, toolVersion: options.toolVersion },
      completeness: { complete: run.gaps.length === 0, gaps: run.gaps },
      activityDays,
      activationHistory: {
        source: requests === null ? null : "roleAssignmentScheduleRequests",
        coversFrom: requests === null ? null : since,
      },
      roles: [...roles.values()],
      principals: [...principals.values()],
      assignments,
      roleSettings,
      groupSettings,
      activations,
    });
  } catch (error) {
    stop.abort(error);
    throw error;
  } finally {
    await close();
  }
}
