// The emulator judging its client, as Dev Proxy's RetryAfterPlugin does: a request repeated before the
// Retry-After the emulator gave for it, and a paging URL ($skiptoken) the emulator never issued, are recorded.
// A retry is the same method and URL (query options in any order) from the same client (the token's appid).

export type ClientViolationKind = "earlyRetry" | "unissuedPagingUrl";

export interface ClientViolation {
  kind: ClientViolationKind;
  /** The token's appid (`anonymous` without a readable token). */
  client: string;
  /** `GET /v1.0/...` as it arrived (inside a `$batch`, below the version, marked `in $batch`). */
  request: string;
  /** What was wrong, in a sentence. */
  detail: string;
  /** ISO time on the machine's clock. */
  at: string;
}

/** Whose request this is: the appid of the bearer token, read without checking it (the dispatcher checks). */
export function clientOf(authorization: string | undefined): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  try {
    const payload = JSON.parse(Buffer.from(token?.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      appid?: unknown;
      azp?: unknown;
    };
    const id = payload.appid ?? payload.azp;
    return typeof id === "string" && id !== "" ? id : "anonymous";
  } catch {
    return "anonymous";
  }
}

/** Path (lower-case) and query options (decoded, sorted): two spellings of one URL compare equal. */
export function canonicalTarget(target: string): string {
  const url = new URL(target, "https://emulator.invalid");
  const params = [...url.searchParams.entries()]
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join("&");
  return `${decodeURIComponent(url.pathname).toLowerCase().replace(/\/+$/, "")}?${params}`;
}

function hasSkiptoken(target: string): boolean {
  const url = new URL(target, "https://emulator.invalid");
  return [...url.searchParams.keys()].some((k) => k.replace(/^\$/, "").toLowerCase() === "skiptoken");
}

/** How early a retry may come and still be on time: timers and the two ends' clocks are not exact. */
const GRACE_MS = 50;

export class ClientJudge {
  readonly #notBefore = new Map<string, { at: number; given: string }>();
  readonly #issued = new Set<string>();
  readonly #violations: ClientViolation[] = [];

  constructor(private readonly realClock: () => number = () => Date.now()) {}

  /**
   * A request arrives: `target` is its path and query below the host (`/v1.0/...`). Records a violation when it
   * repeats a request before the Retry-After given for it, or pages with a URL never issued.
   */
  arrived(client: string, method: string, target: string, shown: string): void {
    const now = this.realClock();
    const key = `${client} ${method} ${canonicalTarget(target)}`;
    const wait = this.#notBefore.get(key);
    if (wait !== undefined) {
      this.#notBefore.delete(key);
      if (now + GRACE_MS < wait.at) {
        this.#record(
          "earlyRetry",
          client,
          shown,
          `retried ${((wait.at - now) / 1000).toFixed(2)} s before the Retry-After (${wait.given}) it was given`,
          now,
        );
      }
    }
    if (hasSkiptoken(target) && !this.#issued.has(canonicalTarget(target))) {
      this.#record("unissuedPagingUrl", client, shown, "a paging URL ($skiptoken) the emulator never issued", now);
    }
  }

  /** An answer went out: a Retry-After in it (seconds or HTTP-date) is when this request may come again. */
  answered(client: string, method: string, target: string, headers: Record<string, string>): void {
    const value = Object.entries(headers).find(([name]) => name.toLowerCase() === "retry-after")?.[1];
    if (value === undefined) return;
    const now = this.realClock();
    const at = /^\d+$/.test(value.trim()) ? now + Number(value) * 1000 : Date.parse(value);
    if (!Number.isFinite(at)) return;
    this.#notBefore.set(`${client} ${method} ${canonicalTarget(target)}`, { at, given: value });
  }

  /** A page named its next page: following this URL is legitimate. */
  issued(nextLink: unknown): void {
    if (typeof nextLink !== "string" || nextLink === "") return;
    try {
      const url = new URL(nextLink);
      this.#issued.add(canonicalTarget(`${url.pathname}${url.search}`));
    } catch {
      // Not a URL (a malformedNextLink fault): nothing can follow it.
    }
  }

  violations(): readonly ClientViolation[] {
    return [...this.#violations];
  }

  clear(): void {
    this.#violations.length = 0;
    this.#notBefore.clear();
  }

  #record(kind: ClientViolationKind, client: string, request: string, detail: string, now: number): void {
    this.#violations.push({ kind, client, request, detail, at: new Date(now).toISOString() });
  }
}
