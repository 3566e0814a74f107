import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  DeviceCodeCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { CollectionError, InputError } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { type AuthMode, createCredential, planCredential, StaticTokenCredential } from "./credentials.js";

const env = {
  AZURE_TENANT_ID: "11111111-1111-1111-1111-111111111111",
  AZURE_CLIENT_ID: "22222222-2222-2222-2222-222222222222",
  AZURE_CLIENT_SECRET: "s3cret-value",
  AZURE_CLIENT_CERTIFICATE_PATH: "/certs/app.pem",
  AZURE_FEDERATED_TOKEN_FILE: "/var/run/token",
  PIM_AUDIT_ACCESS_TOKEN: "Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjIwMDAwMDAwMDB9.",
};

describe("createCredential", () => {
  it.each([
    ["secret", ClientSecretCredential],
    ["certificate", ClientCertificateCredential],
    ["workload-identity", WorkloadIdentityCredential],
    ["managed-identity", ManagedIdentityCredential],
    ["azure-cli", AzureCliCredential],
    ["device-code", DeviceCodeCredential],
    ["default", DefaultAzureCredential],
    ["token", StaticTokenCredential],
  ] as const)("--auth %s builds the matching @azure/identity credential", (auth, type) => {
    expect(createCredential(auth, { cloud: "global", env })).toBeInstanceOf(type);
  });

  it("passes the standard AZURE_* variables and the cloud's authority host", () => {
    expect(planCredential("secret", { cloud: "usgov", env })).toEqual({
      kind: "secret",
      tenantId: env.AZURE_TENANT_ID,
      clientId: env.AZURE_CLIENT_ID,
      clientSecret: env.AZURE_CLIENT_SECRET,
      authorityHost: "https://login.microsoftonline.us",
    });
    expect(planCredential("workload-identity", { cloud: "china", env, tenantId: "flag-tenant" })).toEqual({
      kind: "workload-identity",
      tenantId: "flag-tenant",
      clientId: env.AZURE_CLIENT_ID,
      tokenFilePath: "/var/run/token",
      authorityHost: "https://login.chinacloudapi.cn",
    });
    expect(planCredential("certificate", { cloud: "global", env })).toMatchObject({
      certificatePath: "/certs/app.pem",
      certificatePassword: undefined,
    });
    expect(planCredential("managed-identity", { cloud: "global", env: {} })).toEqual({
      kind: "managed-identity",
      clientId: undefined,
      authorityHost: "https://login.microsoftonline.com",
    });
  });

  it("--auth device-code needs a client id of the user's own: without one it would sign in as the Azure CLI", () => {
    const { AZURE_CLIENT_ID: _, ...noClient } = env;
    let error: unknown;
    try {
      planCredential("device-code", { cloud: "global", env: noClient });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CollectionError);
    expect((error as CollectionError).exitCode).toBe(3);
    expect((error as CollectionError).toOneLine()).toMatch(
      /^--auth device-code needs AZURE_CLIENT_ID: without it the sign-in goes through the Azure CLI's app \(04b07795-8ddb-461a-bbee-02f9e1bf7b46\), whose Graph tokens carry no PIM scope\. Set AZURE_CLIENT_ID to an app registration .*RoleEligibilitySchedule\.Read\.Directory/,
    );
    expect(planCredential("device-code", { cloud: "global", env })).toMatchObject({
      kind: "device-code",
      clientId: env.AZURE_CLIENT_ID,
    });
    // az login cannot take another client id: its token's scopes are judged once it is had (token-scopes.ts).
    expect(planCredential("azure-cli", { cloud: "global", env: {} })).toEqual({
      kind: "azure-cli",
      tenantId: undefined,
    });
  });

  it("names the variable to set when one is missing, without echoing any secret", () => {
    const { AZURE_CLIENT_SECRET: _, ...noSecret } = env;
    let error: unknown;
    try {
      createCredential("secret", { cloud: "global", env: noSecret });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CollectionError);
    expect((error as CollectionError).exitCode).toBe(3);
    expect((error as CollectionError).toOneLine()).toBe(
      "--auth secret needs the environment variable AZURE_CLIENT_SECRET. Set AZURE_CLIENT_SECRET, or choose another --auth mode.",
    );
    expect(() => createCredential("token", { cloud: "global", env: {} })).toThrow(/PIM_AUDIT_ACCESS_TOKEN/);
    try {
      createCredential("secret", { cloud: "global", env: { ...env, AZURE_TENANT_ID: "" } });
      expect.unreachable();
    } catch (e) {
      expect((e as CollectionError).toOneLine()).toContain("Set AZURE_TENANT_ID (or pass --tenant)");
    }
  });

  it("refuses an unknown mode as bad input", () => {
    expect(() => createCredential("password" as AuthMode, { cloud: "global", env })).toThrow(InputError);
  });

  it("hands a token over without the Bearer prefix, with its JWT expiry, and never serialises it", async () => {
    const credential = createCredential("token", { cloud: "global", env });
    const token = await credential.getToken("https://graph.microsoft.com/.default");
    expect(token).toEqual({
      token: "eyJhbGciOiJub25lIn0.eyJleHAiOjIwMDAwMDAwMDB9.",
      expiresOnTimestamp: 2_000_000_000_000,
    });
    expect(JSON.stringify({ credential })).not.toContain("eyJ");
  });
});
