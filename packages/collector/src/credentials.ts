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
import { type Cloud, CollectionError, InputError } from "@pim-audit/model";
import { CLOUDS } from "./clouds.js";

export type AuthMode =
  | "default"
  | "secret"
  | "certificate"
  | "managed-identity"
  | "workload-identity"
  | "azure-cli"
  | "device-code"
  | "token";

export const AUTH_MODES: readonly AuthMode[] = [
  "default",
  "secret",
  "certificate",
  "managed-identity",
  "workload-identity",
  "azure-cli",
  "device-code",
  "token",
];

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
  "device-code": { required: [], optional: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID"] },
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

/** Seconds-since-epoch `exp` of a JWT, when the token is one; the token is not verified, only read. */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
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

export function createCredential(auth: AuthMode, options: CredentialOptions): TokenCredential {
  const env = options.env ?? process.env;
  const { authorityHost } = CLOUDS[options.cloud];
  const tenantId = options.tenantId ?? value(env, "AZURE_TENANT_ID");
  switch (auth) {
    case "token": {
      const token = required(env, auth, ACCESS_TOKEN_VARIABLE);
      return new StaticTokenCredential(token.replace(/^Bearer\s+/i, ""));
    }
    case "secret":
      return new ClientSecretCredential(
        required(env, auth, "AZURE_TENANT_ID", options.tenantId),
        required(env, auth, "AZURE_CLIENT_ID"),
        required(env, auth, "AZURE_CLIENT_SECRET"),
        { authorityHost },
      );
    case "certificate": {
      const password = value(env, "AZURE_CLIENT_CERTIFICATE_PASSWORD");
      return new ClientCertificateCredential(
        required(env, auth, "AZURE_TENANT_ID", options.tenantId),
        required(env, auth, "AZURE_CLIENT_ID"),
        password === undefined
          ? { certificatePath: required(env, auth, "AZURE_CLIENT_CERTIFICATE_PATH") }
          : { certificatePath: required(env, auth, "AZURE_CLIENT_CERTIFICATE_PATH"), certificatePassword: password },
        { authorityHost },
      );
    }
    case "workload-identity":
      return new WorkloadIdentityCredential({
        tenantId: required(env, auth, "AZURE_TENANT_ID", options.tenantId),
        clientId: required(env, auth, "AZURE_CLIENT_ID"),
        tokenFilePath: required(env, auth, "AZURE_FEDERATED_TOKEN_FILE"),
        authorityHost,
      });
    case "managed-identity": {
      const clientId = value(env, "AZURE_CLIENT_ID");
      return clientId === undefined
        ? new ManagedIdentityCredential({ authorityHost })
        : new ManagedIdentityCredential({ clientId, authorityHost });
    }
    case "azure-cli":
      return new AzureCliCredential(tenantId === undefined ? {} : { tenantId });
    case "device-code": {
      const clientId = value(env, "AZURE_CLIENT_ID");
      return new DeviceCodeCredential({
        authorityHost,
        ...(tenantId === undefined ? {} : { tenantId }),
        ...(clientId === undefined ? {} : { clientId }),
        // The prompt goes to stderr so that `--json` keeps stdout clean.
        userPromptCallback: (info) => {
          process.stderr.write(`${info.message}\n`);
        },
      });
    }
    case "default":
      return new DefaultAzureCredential({ authorityHost, ...(tenantId === undefined ? {} : { tenantId }) });
    default:
      throw new InputError("FLAG_INVALID", `--auth ${String(auth)} is not a known mode.`, {
        hint: `Use one of ${AUTH_MODES.join(", ")}.`,
      });
  }
}
