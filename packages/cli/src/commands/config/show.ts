import { Flags } from "@oclif/core";
import { BaseCommand } from "../../lib/base-command.js";
import { loadConfig } from "../../lib/config-file.js";
import { configFlags } from "../../lib/flags.js";
import { resolveSettings, SETTING_ENV, SETTING_FLAGS, type Settings } from "../../lib/settings.js";

const SECRET_ENV = ["AZURE_CLIENT_SECRET", "PIM_AUDIT_ACCESS_TOKEN", "AZURE_CLIENT_CERTIFICATE_PASSWORD"];

export default class ConfigShow extends BaseCommand {
  static override summary = "Show the effective settings and where each comes from.";
  static override description =
    "Precedence: flag > environment variable > configuration file > built-in default. Secrets are never shown, only whether they are set.";
  static override examples = [
    "<%= config.bin %> config show",
    "<%= config.bin %> config show --config ci/pim-audit.config.yaml --json",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    ...configFlags,
    tenant: Flags.string({ description: "As for run." }),
    cloud: Flags.string({ description: "As for run." }),
    auth: Flags.string({ description: "As for run." }),
    policy: Flags.string({ description: "As for run.", multiple: true }),
    out: Flags.string({ description: "As for run." }),
    format: Flags.string({ description: "As for run." }),
    "fail-on": Flags.string({ description: "As for run." }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(ConfigShow);
    const config = await loadConfig(flags.config, process.cwd());
    const resolved = resolveSettings(flags, process.env, config);
    const rows = (Object.keys(resolved.values) as (keyof Settings)[]).map((key) => ({
      key,
      value: resolved.values[key] ?? null,
      from: resolved.origins[key],
      flag: `--${SETTING_FLAGS[key]}`,
      env: SETTING_ENV[key] ?? null,
    }));
    const secrets = Object.fromEntries(
      SECRET_ENV.map((name) => [name, process.env[name] ? "set (hidden)" : "not set"]),
    );
    if (!this.jsonEnabled()) {
      this.log(`Configuration file: ${resolved.configFile ?? "(none found)"}`);
      for (const r of rows) {
        const value = Array.isArray(r.value) ? r.value.join(", ") : String(r.value ?? "(unset)");
        this.log(`${r.key.padEnd(17)} ${value}  [${r.from}]`);
      }
      for (const [name, state] of Object.entries(secrets)) this.log(`${name.padEnd(17)} ${state}`);
    }
    return { configFile: resolved.configFile ?? null, settings: rows, secrets };
  }
}
