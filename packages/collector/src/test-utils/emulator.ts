// Collecting from a running emulator over real HTTPS, as `pim-audit run --demo` does.
import type { RunningEmulator } from "@pim-audit/graph-emulator";
import { CollectionError, type Snapshot } from "@pim-audit/model";
import { expect } from "vitest";
import { collectFromGraph, type GraphSourceOptions } from "../graph/collect.js";
import type { ProgressEvent } from "../progress.js";

export const DEMO_NOW = new Date("2026-11-27T12:00:00Z");

export async function collectFrom(
  emulator: RunningEmulator,
  overrides: Partial<GraphSourceOptions> & { token?: string } = {},
): Promise<{ snapshot: Snapshot; events: ProgressEvent[] }> {
  const events: ProgressEvent[] = [];
  const { token, ...rest } = overrides;
  const snapshot = await collectFromGraph({
    auth: "token",
    env: { PIM_AUDIT_ACCESS_TOKEN: token ?? emulator.mintToken() },
    graphEndpoint: emulator.baseUrl,
    caPem: emulator.caCertPem,
    tenantId: emulator.tenantId,
    cloud: "global",
    toolVersion: "test",
    now: DEMO_NOW,
    retryDelaySeconds: 0,
    onProgress: (event) => events.push(event),
    ...rest,
  });
  return { snapshot, events };
}

/** HTTP requests the emulator received, not counting those carried inside a $batch. */
export function httpRequests(emulator: RunningEmulator): number {
  return emulator.requestLog().filter((entry) => !entry.inBatch).length;
}

/** The CollectionError a collection ends in; the test fails if it ends in anything else. */
export async function collectionFailure(promise: Promise<unknown>): Promise<CollectionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CollectionError);
  return error as CollectionError;
}
