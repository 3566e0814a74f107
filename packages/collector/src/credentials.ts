// --auth modes mapped to @azure/identity credentials and their standard AZURE_* variables.
import {
  type AccessToken,
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  DeviceCodeCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { AUTH_MODES, type AuthMode, type Cloud, CollectionError, InputError } from "@pim-audit/model";
import { CLOUDS } from "./clouds.js";
import { AZURE_CLI_APP_ID, DELEGATED_READ_PERMISSIONS } from "./permissions.js";

export { AUTH_MODES, type AuthMode } from "@pim-audit/model";

export const ACCESS_TOKEN_VARIABLE = "PIM_AUDIT_ACCESS_TOKEN";

export interface CredentialOptions {
  cloud: Cloud;
  tenantId?: string;
  env?: NodeJS.ProcessEnv;
}

/** What a mode needs from the environment, for error hints and the README. */
export const AUTH_VARIABLES: Record<AuthMode, { required: string[]; optional: string[] }> = {
  default: { required: [], optional: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"] },
  secret: { required: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"], optional: [] },
  certificate: {
    required: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_CERTIFICATE_PATH"],
    optional: ["AZURE_CLIENT_CERTIFICATE_PASSWORD"],
  },
  "managed-identity": { required: [], optional: ["AZURE_CLIENT_ID"] },
  "workload-identity": {
    required: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"],
    optional: [],
  },
  "azure-cli": { required: [], optional: ["AZURE_TENANT_ID"] },
  // Without a client id of the user's own, DeviceCodeCredential signs in as the Azure CLI app, which cannot read PIM.
  "device-code": { required: ["AZURE_CLIENT_ID"], optional: ["AZURE_TENANT_ID"] },
  token: { required: [ACCESS_TOKEN_VARIABLE], optional: [] },
};

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function required(env: NodeJS.ProcessEnv, auth: AuthMode, name: string, tenantId?: string): string {
  if (name === "AZURE_TENANT_ID" && tenantId) return tenantId;
  const v = value(env, name);
  if (v === undefined) {
    const alternative = name === "AZURE_TENANT_ID" ? " (or pass --tenant)" : "";
    throw new CollectionError("AUTH_FAILED", `--auth ${auth} needs the environment variable ${name}.`, {
      hint: `Set ${name}${alternative}, or choose another --auth mode.`,
    });
  }
  return v;
}

/** The claims of a JWT, when the token is one; the token is not verified, only read. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds-since-epoch from the `exp` of a JWT, when the token is one. */
function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.["exp"];
  return typeof exp === "number" ? exp * 1000 : undefined;
}

/** A bearer token handed over as-is (`--auth token`): no refresh, so a long run may outlive it. */
export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  readonly #expiresOnTimestamp: number;

  constructor(token: string, expiresOnTimestamp?: number) {
    this.#token = token;
    this.#expiresOnTimestamp = expiresOnTimestamp ?? jwtExpiry(token) ?? Date.now() + 3_600_000;
  }

  async getToken(): Promise<AccessToken> {
    return { token: this.#token, expiresOnTimestamp: this.#expiresOnTimestamp };
  }

  toJSON(): string {
    return "[StaticTokenCredential]";
  }
}

/** What a mode builds, decided from flags and environment alone (so it can be checked without a network). */
export type CredentialPlan =
  | { kind: "token"; token: string }
  | { kind: "secret"; tenantId: string; clientId: string; clientSecret: string; authorityHost: string }
  | {
      kind: "certificate";
      tenantId: string;
      clientId: string;
      certificatePath: string;
      certificatePassword: string | undefined;
      authorityHost: string;
    }
  | { kind: "workload-identity"; tenantId: string; clientId: string; tokenFilePath: string; authorityHost: string }
  | { kind: "managed-identity"; clientId: string | undefined; authorityHost: string }
  | { kind: "azure-cli"; tenantId: string | undefined }
  | { kind: "device-code"; tenantId: string | undefined; clientId: string; authorityHost: string }
  | { kind: "default"; tenantId: string | undefined; authorityHost: string };

export function planCredential(auth: AuthMode, options: CredentialOptions): CredentialPlan {
  const env = options.env ?? process.env;
  const { authorityHost } = CLOUDS[options.cloud];
  const tenantId = options.tenantId ?? value(env, "AZURE_TENANT_ID");
  switch (auth) {
    case "token":
      return { kind: "token", token: required(env, auth, ACCESS_TOKEN_VARIABLE).replace(/^Bearer\s+/i, "") };
    case "secret":
      return {
        kind: "secret",
        tenantId: required(env, auth, "AZURE_TENANT_ID", options.tenantId),
        clientId: required(env, auth, "AZURE_CLIENT_ID"),
        clientSecret: required(env, auth, "AZURE_CLIENT_SECRET"),
        authorityHost,
      };
    case "certificate":
      return {
        kind: "certificate",
        tenantId: required(env, auth, "AZURE_TENANT_ID", options.tenantId),
        clientId: required(env, auth, "AZURE_CLIENT_ID"),
        certificatePath: required(env, auth, "AZURE_CLIENT_CERTIFICATE_PATH"),
        certificatePassword: value(env, "AZURE_CLIENT_CERTIFICATE_PASSWORD"),
        authorityHost,
      };
    case "workload-identity":
      return {
        kind: "workload-identity",
        tenantId: required(env, auth, "AZURE_TENANT_ID", options.tenantId),
        clientId: required(env, auth, "AZURE_CLIENT_ID"),
        tokenFilePath: required(env, auth, "AZURE_FEDERATED_TOKEN_FILE"),
        authorityHost,
      };
    case "managed-identity":
      return { kind: "managed-identity", clientId: value(env, "AZURE_CLIENT_ID"), authorityHost };
    case "azure-cli":
      return { kind: "azure-cli", tenantId };
    case "device-code": {
      const clientId = value(env, "AZURE_CLIENT_ID");
      if (clientId === undefined) {
        throw new CollectionError(
          "AUTH_FAILED",
          `--auth device-code needs AZURE_CLIENT_ID: without it the sign-in goes through the Azure CLI's app (${AZURE_CLI_APP_ID}), whose Graph tokens carry no PIM scope.`,
          {
            hint: `Set AZURE_CLIENT_ID to an app registration (public client) with the delegated permissions ${DELEGATED_READ_PERMISSIONS.join(", ")}, admin-consented.`,
          },
        );
      }
      return { kind: "device-code", tenantId, clientId, authorityHost };
    }
    case "default":
      return { kind: "default", tenantId, authorityHost };
    default:
      throw new InputError("FLAG_INVALID", `--auth ${String(auth)} is not a known mode.`, {
        hint: `Use one of ${AUTH_MODES.join(", ")}.`,
      });
  }
}

const maybe = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> =>
  (v === undefined ? {} : { [key]: v }) as Partial<Record<K, V>>;

export function buildCredential(plan: CredentialPlan): TokenCredential {
  switch (plan.kind) {
    case "token":
      return new StaticTokenCredential(plan.token);
    case "secret":
      return new ClientSecretCredential(plan.tenantId, plan.clientId, plan.clientSecret, {
        authorityHost: plan.authorityHost,
      });
    case "certificate":
      return new ClientCertificateCredential(
        plan.tenantId,
        plan.clientId,
        { certificatePath: plan.certificatePath, ...maybe("certificatePassword", plan.certificatePassword) },
        { authorityHost: plan.authorityHost },
      );
    case "workload-identity":
      return new WorkloadIdentityCredential({
        tenantId: plan.tenantId,
        clientId: plan.clientId,
        tokenFilePath: plan.tokenFilePath,
        authorityHost: plan.authorityHost,
      });
    case "managed-identity":
      return plan.clientId === undefined
        ? new ManagedIdentityCredential({ authorityHost: plan.authorityHost })
        : new ManagedIdentityCredential({ clientId: plan.clientId, authorityHost: plan.authorityHost });
    case "azure-cli":
      return new AzureCliCredential(maybe("tenantId", plan.tenantId));
    case "device-code":
      return new DeviceCodeCredential({
        authorityHost: plan.authorityHost,
        ...maybe("tenantId", plan.tenantId),
        clientId: plan.clientId,
        // The prompt goes to stderr so that `--json` keeps stdout clean.
        userPromptCallback: (info) => {
          process.stderr.write(`${info.message}\n`);
        },
      });
    case "default":
      return new DefaultAzureCredential({ authorityHost: plan.authorityHost, ...maybe("tenantId", plan.tenantId) });
  }
}

/** The credential for an --auth mode; a missing variable is a CollectionError (exit 3) naming it. */
export function createCredential(auth: AuthMode, options: CredentialOptions): TokenCredential {
  return buildCredential(planCredential(auth, options));
}
