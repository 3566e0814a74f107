// The emulator in its own process, so the collector's peak RSS and CPU time are the collector's alone.
// It also watches its own HTTP answers to measure how long clients waited after each 429 against the
// Retry-After it was told, and summarises the request log when asked.
import { Server } from "node:https";
import { pathToFileURL } from "node:url";
import { packageEntry } from "./paths.js";

const arrivals = new WeakMap();
const throttle = { responses429: 0, innerResponses429: 0, retried: 0, imposedSeconds: 0, waitedSeconds: 0 };
const pendingTop = new Map();
const pendingInner = new Map();

const originalEmit = Server.prototype.emit;
Server.prototype.emit = function emit(event, req, res, ...rest) {
  if (event === "request") {
    const arrivedAt = performance.now();
    arrivals.set(res, arrivedAt);
    const key = `${req.method} ${req.url}`;
    const before = pendingTop.get(key);
    if (before) {
      pendingTop.delete(key);
      throttle.retried++;
      throttle.imposedSeconds += before.retryAfter;
      throttle.waitedSeconds += (arrivedAt - before.at) / 1000;
    }
    watch(res, key);
  }
  return originalEmit.call(this, event, req, res, ...rest);
};

function watch(res, key) {
  let status = 0;
  let retryAfter = 0;
  const writeHead = res.writeHead;
  res.writeHead = function (code, headers, ...rest) {
    status = code;
    const value = headers && (headers["Retry-After"] ?? headers["retry-after"]);
    retryAfter = value === undefined ? 0 : Number(value);
    return writeHead.call(this, code, headers, ...rest);
  };
  const end = res.end;
  res.end = function (chunk, ...rest) {
    const at = performance.now();
    if (status === 429) {
      throttle.responses429++;
      pendingTop.set(key, { at, retryAfter });
    } else if (key.startsWith("POST") && /\$batch/.test(key) && chunk) innerThrottles(chunk, at, arrivals.get(res));
    return end.call(this, chunk, ...rest);
  };
}

// A $batch retry re-sends the throttled inner requests together after the largest Retry-After among them.
function innerThrottles(chunk, at, arrivedAt) {
  let body;
  try {
    body = JSON.parse(Buffer.from(chunk).toString("utf8"));
  } catch {
    return;
  }
  const responses = Array.isArray(body?.responses) ? body.responses : [];
  let imposed = -1;
  let waited = 0;
  for (const r of responses) {
    const id = String(r.id);
    const before = pendingInner.get(id);
    if (before) {
      pendingInner.delete(id);
      imposed = Math.max(imposed, before.retryAfter);
      waited = Math.max(waited, (arrivedAt - before.at) / 1000);
    }
  }
  if (imposed >= 0) {
    throttle.retried++;
    throttle.imposedSeconds += imposed;
    throttle.waitedSeconds += waited;
  }
  for (const r of responses) {
    if (r.status !== 429) continue;
    throttle.innerResponses429++;
    const headers = r.headers ?? {};
    const value = headers["Retry-After"] ?? headers["retry-after"];
    pendingInner.set(String(r.id), { at, retryAfter: value === undefined ? 0 : Number(value) });
  }
}

function summarise(log) {
  const http = log.filter((e) => !e.inBatch);
  const inner = log.filter((e) => e.inBatch);
  const byRoute = {};
  for (const e of http) byRoute[e.route] = (byRoute[e.route] ?? 0) + 1;
  const statuses = {};
  for (const e of log) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  return {
    requests: http.length,
    batchedRequests: inner.length,
    resourceUnits: log.reduce((sum, e) => sum + (e.resourceUnits ?? 0), 0),
    listPages: http.filter((e) => e.method === "GET" && e.status >= 200 && e.status < 300).length,
    byRoute,
    statuses,
    throttle: { ...throttle },
    emulatorCpuMs: (() => {
      const cpu = process.cpuUsage();
      return (cpu.user + cpu.system) / 1000;
    })(),
  };
}

const options = JSON.parse(process.argv[2] ?? "{}");
const { startEmulator } = await import(pathToFileURL(packageEntry("graph-emulator")).href);
const emulator = await startEmulator({
  ...options,
  now: new Date(options.now),
});
process.on("message", async (message) => {
  if (message?.kind === "summary") process.send({ kind: "summary", summary: summarise(emulator.requestLog()) });
  if (message?.kind === "stop") {
    await emulator.stop();
    process.disconnect();
  }
});
process.send({
  kind: "ready",
  baseUrl: emulator.baseUrl,
  caCertPem: emulator.caCertPem,
  tenantId: emulator.tenantId,
  token: emulator.mintToken(),
});
