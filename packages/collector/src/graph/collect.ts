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
import { pimScopeRefusal } from "../token-scopes.js";
import { activationHistoryFrom } from "./activations.js";
import type { BatchRequest, BatchResponse } from "./batch.js";
import { createGraphClient } from "./client.js";
import { readGroupSettings } from "./group-settings.js";
import { LookupQueue } from "./lookups.js";
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
import {
  collectionTimeoutError,
  DEFAULT_RETRY,
  deadlinesFrom,
  GraphRequestError,
  GraphSession,
  graphError,
  missingScopes,
  type RetrySettings,
} from "./session.js";
import { readSignIns } from "./sign-ins.js";

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
  /**
   * The pieces the loaded policies and outputs need (default: every piece). Optional pieces outside it are not
   * read, so the run asks for fewer requests and permissions; each is recorded as a gap saying so.
   */
  pieces?: ReadonlySet<DataPiece>;
  /** Days of activation history to read (default 90). */
  activityDays?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Retries allowed across the whole collection before it fails closed (default 60). */
  retryBudget?: number;
  /** Retries the sign-in read may take, apart from the others, before it ends in a signInActivity gap (default 10). */
  signInRetryBudget?: number;
  /** Pace of signInActivity reads (default 10 a minute, the documented limit; tests against a scaled emulator raise it). */
  signInRequestsPerMinute?: number;
  /** Seconds to wait on a 429/503/504 without Retry-After (default 3; tests lower it). */
  retryDelaySeconds?: number;
  /** Seconds one try of a Graph request may take, until its whole body has arrived (default 100). */
  requestTimeoutSeconds?: number;
  /** Seconds the whole Graph collection may take, token, waits and retries included (default 3600). */
  collectionTimeoutSeconds?: number;
  /** The collectedAt clock (default: now). */
  now?: Date;
  toolVersion: string;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

const LICENCE = /licen[cs]e|premium/i;

/**
 * Whether a refusal leaves a piece missing (a gap) rather than failing the run: not allowed, not licensed, not
 * here, or (for any piece but the assignments themselves) a 400, such as a filter Graph no longer accepts.
 */
function isGap(error: unknown, piece?: Exclude<DataPiece, "ids">): error is GraphRequestError {
  return (
    error instanceof GraphRequestError &&
    (error.status === 403 ||
      error.status === 404 ||
      error.status === 501 ||
      // What Graph answers for a path segment this deployment (cloud, proxy, emulator) does not have.
      (error.status === 400 && /resource not found for the segment/i.test(error.graphMessage)) ||
      (error.status === 400 && piece !== undefined && piece !== "assignments") ||
      LICENCE.test(error.graphCode ?? ""))
  );
}

function gapReason(piece: Exclude<DataPiece, "ids">, error: GraphRequestError): string {
  const { status, graphCode, graphMessage } = error;
  const needs = GRAPH_PERMISSIONS[piece];
  const code = graphCode ? ` (${graphCode})` : "";
  if (LICENCE.test(graphCode ?? "") && needs.licence) {
    return `Graph refused it${code}: the tenant needs ${needs.licence}.`;
  }
  if (status === 403) {
    const named = graphCode === "PermissionScopeNotGranted" ? missingScopes(graphMessage) : [];
    return named.length > 0
      ? `Graph answered 403${code}: the token has none of ${named.join(", ")}; pim-audit needs ${permissionsFor(piece, error.request ?? null).join(" and ")}.`
      : `Graph answered 403${code}: the app needs ${permissionsFor(piece, error.request ?? null).join(" and ")}.`;
  }
  if (status === 400 && !/resource not found for the segment/i.test(graphMessage)) {
    const said = graphMessage.split("\n")[0]?.slice(0, 200) ?? "";
    return `Graph refused the request with 400${code}${said ? `: ${said}` : ""}.`;
  }
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
  /** Pages read per collection. */
  readonly pages = new Map<string, number>();
  readonly #progress: (event: ProgressEvent) => void;
  constructor(
    readonly session: GraphSession,
    progress: (event: ProgressEvent) => void,
  ) {
    this.#progress = progress;
  }

  gap(
    piece: Exclude<DataPiece, "ids">,
    collection: string,
    error: GraphRequestError,
    reason = gapReason(piece, error),
  ): void {
    const request = error.request ?? null;
    // One gap per piece and reason (say, one group of many refused), naming the first request in sort order.
    const same = this.gaps.find((g) => g.piece === piece && g.reason === reason);
    if (same) {
      if (request !== null && (same.request === null || request < same.request)) same.request = request;
      return;
    }
    this.gaps.push({ piece, reason, request, expected: false });
    this.#progress({ kind: "gap", collection, piece, reason });
  }

  /** A piece left unread on purpose: a gap that says why, so a later evaluation that needs it cannot pass. */
  notCollected(piece: OptionalPiece): Promise<null> {
    this.gaps.push({
      piece,
      reason: "not collected: no loaded rule needed it (pim-audit collect, without policies, reads every piece).",
      request: null,
      expected: false,
      skipped: true,
    });
    return Promise.resolve(null);
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
      this.pages.set(collection, counter.pages);
      return items;
    } catch (error) {
      if (!isGap(error, piece)) throw error;
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
      if (!isGap(error, piece)) throw error;
      this.gap(piece, collection, error);
      return null;
    }
    const counter: PageCounter = { pages: 0, items: 0 };
    return readAllPages(this.session, request.url, collection, counter, () => {}, response.body as GraphObject);
  }
}

/** Pieces only rules need; the assignments export needs the rest (ASSIGNMENTS_EXPORT_NEEDS), so they are always read. */
const OPTIONAL_PIECES = ["schedules", "roleSettings", "signInActivity", "activationHistory"] as const;
type OptionalPiece = (typeof OPTIONAL_PIECES)[number];

function principalsFromExpand(items: readonly GraphObject[], into: Map<string, Principal>): void {
  for (const item of items) {
    const raw = item["principal"];
    // $expand=principal gives null for an object deleted since: PIM keeps its schedules for a while.
    const principalId = str(item, "principalId");
    if (raw === null && principalId !== null && !into.has(principalId)) {
      into.set(principalId, { ...emptyPrincipal(principalId, "unknown"), deleted: true });
    }
    if (raw === null || typeof raw !== "object") continue;
    const p = raw as GraphObject;
    const id = str(p, "id");
    if (id === null) continue;
    into.set(id, mergePrincipal(into.get(id), p, principalTypeOf(p)));
  }
}

const DEFAULT_SIGN_IN_RETRIES = 10;

/** Every user's sign-in times, on a session of their own (sign-ins.ts); what stops it becomes a gap. */
async function readSignInsInto(
  principals: Map<string, Principal>,
  run: Run,
  options: {
    session: GraphSession;
    progress: (event: ProgressEvent) => void;
    signal: AbortSignal;
    requestsPerMinute?: number;
    reportsRequestsSent: number;
  },
): Promise<void> {
  const users = [...principals.values()].filter((p) => p.type === "user" && !p.deleted).map((p) => p.id);
  if (users.length === 0) return;
  const collection = "signInActivity";
  options.progress({ kind: "collection-start", collection });
  let pages = 0;
  const { times, failure } = await readSignIns(options.session, users, {
    signal: options.signal,
    reportsRequestsSent: options.reportsRequestsSent,
    ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
    onProgress: (n) => {
      pages = n;
      options.progress({ kind: "page", collection, pages: n, items: 0 });
    },
  });
  for (const [id, found] of times) {
    const principal = principals.get(id);
    if (principal) principals.set(id, { ...principal, ...found });
  }
  if (failure) {
    const throttled = [429, 503, 504].includes(failure.status);
    run.gap(
      "signInActivity",
      collection,
      failure,
      throttled
        ? `Graph kept answering ${failure.status} to signInActivity reads (the identity and access reports limit, ` +
            `10 requests a minute) until their own retry budget was spent; sign-ins of ${times.size} of ` +
            `${users.length} users were read. Run again later.`
        : undefined,
    );
  }
  options.progress({ kind: "collection-done", collection, pages, items: times.size });
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
  const wants = (piece: OptionalPiece) => options.pieces?.has(piece) ?? true;
  const deadlines = deadlinesFrom(options.requestTimeoutSeconds, options.collectionTimeoutSeconds);

  let firstToken: string;
  try {
    const token = await tokenWithin(credential, cloud.scope, deadlines.requestTimeoutSeconds, options.auth);
    if (!token?.token) throw new Error("the credential returned no token");
    firstToken = token.token;
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

  const refusal = pimScopeRefusal(firstToken, options.auth);
  if (refusal) throw refusal;

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
  const sessions: GraphSession[] = [];
  // The collection's bound: when it passes, everything stops and the error names a request still open.
  const collectionTimer = setTimeout(
    () => {
      const open = sessions.map((s) => s.openRequest).find((r) => r !== undefined);
      stop.abort(
        collectionTimeoutError(deadlines.collectionTimeoutSeconds, open, open ? undefined : "between requests"),
      );
    },
    Math.max(0, deadlines.collectionDeadline - performance.now()),
  );
  try {
    const retry: RetrySettings = {
      ...DEFAULT_RETRY,
      ...(options.retryBudget === undefined ? {} : { budget: options.retryBudget }),
      ...(options.retryDelaySeconds === undefined ? {} : { throttleDelaySeconds: options.retryDelaySeconds }),
    };
    const session = new GraphSession({
      client,
      baseUrl,
      retry,
      onProgress: progress,
      signal,
      concurrency: options.concurrency ?? 8,
      deadlines,
    });
    sessions.push(session);
    const run = new Run(session, progress);
    const lookupQueue = (collection: string) =>
      new LookupQueue({ session, collection, progress, onFailure: (error) => stop.abort(error) });
    const groupLookups = lookupQueue("groups");
    const principalLookups = new PrincipalLookups(lookupQueue("principals"));
    // Per role-holding group: members, PIM for Groups instances, and its PIM settings when a rule needs them.
    const groupRequests = (id: string): BatchRequest[] =>
      wants("roleSettings") ? [...groupLookupPaths(id), groupSettingsLookup(id)] : groupLookupPaths(id);
    // Principals and role-holding groups are looked up as the pages that name them arrive.
    const lookUpEarly = (items: readonly GraphObject[]) => {
      for (const item of items) {
        const principal = obj(item, "principal");
        const id = str(principal, "id");
        if (id === null) continue;
        const type = principalTypeOf(principal);
        principalLookups.offer(id, type);
        if (type === "group" && memberTypeOf(str(item, "memberType")) !== "group") {
          for (const request of groupRequests(id)) groupLookups.add(request);
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
      activationAudits,
    ] = await Promise.all([
      run.session.json("GET", GRAPH_PATHS.organization, "organization").catch((error) => {
        if (isGap(error)) return null;
        throw error;
      }),
      run.list("roleDefinitions", "roleDefinitions", GRAPH_PATHS.roleDefinitions),
      run.list("roleEligibilityScheduleInstances", "assignments", GRAPH_PATHS.eligibilityInstances, lookUpEarly),
      run.list("roleAssignmentScheduleInstances", "assignments", GRAPH_PATHS.assignmentInstances, lookUpEarly),
      wants("schedules")
        ? run.list("roleEligibilitySchedules", "schedules", GRAPH_PATHS.eligibilitySchedules)
        : run.notCollected("schedules"),
      wants("schedules") ? run.list("roleAssignmentSchedules", "schedules", GRAPH_PATHS.assignmentSchedules) : null,
      run.list("roleAssignments", "directAssignments", GRAPH_PATHS.roleAssignments, lookUpEarly),
      wants("roleSettings")
        ? run.list("roleManagementPolicyAssignments", "roleSettings", GRAPH_PATHS.policyAssignments)
        : run.notCollected("roleSettings"),
      wants("activationHistory")
        ? run.list("directoryAudits", "activationHistory", GRAPH_PATHS.activationAudits(since))
        : run.notCollected("activationHistory"),
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
      ctx: { schedules },
    });

    // Groups that hold a role: their transitive members and PIM for Groups memberships/ownerships.
    const groupIds = [
      ...new Set(direct.filter((a) => isGroupHolder(a, principalType)).map((a) => a.principalId)),
    ].sort();
    for (const request of groupIds.flatMap(groupRequests)) groupLookups.add(request);
    const groupAnswers = await groupLookups.drain();
    const groupSettings = wants("roleSettings")
      ? await readGroupSettings(groupIds, groupAnswers, (request, response) =>
          run.itemsOf("groups", "roleSettings", request, response),
        )
      : [];
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
    if (!wants("signInActivity")) await run.notCollected("signInActivity");
    else {
      const signInSession = new GraphSession({
        client,
        baseUrl,
        retry: { ...retry, budget: options.signInRetryBudget ?? DEFAULT_SIGN_IN_RETRIES },
        onProgress: progress,
        signal,
        concurrency: 1,
        deadlines,
      });
      sessions.push(signInSession);
      await readSignInsInto(principals, run, {
        session: signInSession,
        progress,
        signal,
        // The audit log is an identity and access report too: its pages share the reports burst.
        reportsRequestsSent: run.pages.get("directoryAudits") ?? 0,
        ...(options.signInRequestsPerMinute === undefined
          ? {}
          : { requestsPerMinute: options.signInRequestsPerMinute }),
      });
    }
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
    const { activations, history } = activationHistoryFrom(activationAudits, { since, now });

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
      activationHistory: history,
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
    clearTimeout(collectionTimer);
    await close();
  }
}

/** The first token, within --request-timeout: a sign-in that never answers must not hold the run. */
async function tokenWithin(credential: TokenCredential, scope: string, seconds: number, auth: AuthMode) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new CollectionError(
          "AUTH_FAILED",
          `--auth ${auth} could not get a token for ${scope} within --request-timeout ${seconds} s.`,
          {
            hint: "Check the network path to the sign-in endpoint (login.microsoftonline.com or your cloud's), or raise --request-timeout.",
          },
        ),
      );
      controller.abort();
    }, seconds * 1000);
  });
  const pending = credential.getToken(scope, { abortSignal: controller.signal });
  pending.catch(() => {});
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}
