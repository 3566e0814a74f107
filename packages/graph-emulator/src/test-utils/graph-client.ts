// A real @microsoft/microsoft-graph-client Client wired to a running emulator, as the collector wires it.
import { Client } from "@microsoft/microsoft-graph-client";
import { Agent } from "undici";
import type { RunningEmulator } from "../server.js";

export function graphClient(emulator: RunningEmulator, token = emulator.mintToken()): Client {
  return Client.init({
    authProvider: (done) => done(null, token),
    baseUrl: emulator.baseUrl,
    defaultVersion: "v1.0",
    customHosts: new Set(["127.0.0.1"]),
    fetchOptions: { dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }) },
  });
}

/** Plain HTTPS GET that trusts the emulator's CA, for asserting raw status codes and headers. */
export async function rawGet(
  emulator: RunningEmulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${emulator.baseUrl}${path}`, {
    headers,
    dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.length > 0 ? JSON.parse(text) : null };
}
