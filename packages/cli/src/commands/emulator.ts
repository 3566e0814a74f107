import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../lib/base-command.js";
import { parseAt } from "../lib/pipeline.js";

export default class Emulator extends BaseCommand {
  static override summary = "Start the Microsoft Graph emulator on loopback and keep it running.";
  static override description =
    "Serves the Graph endpoints pim-audit uses, over HTTPS on 127.0.0.1, from the demo tenant, a tenant file, or a seeded generator. Prints the base URL, the CA certificate file to trust, and a bearer token. Runs until stopped (Ctrl+C). With --faults it answers wrongly on purpose (errors, throttling, cut bodies, bad nextLinks, redirects, HTML pages, stalls) as the fault file says, and judges the client: on stop it prints every retry sent before the Retry-After it gave and every paging URL it never issued.";
  static override examples = [
    "<%= config.bin %> emulator --tenant demo",
    "<%= config.bin %> emulator --tenant generate:users=2000,seed=7 --port 8443",
    "<%= config.bin %> emulator --tenant tenant.yaml",
    "<%= config.bin %> emulator --faults faults.yaml --page-size 5",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    tenant: Flags.string({
      description: "demo, a tenant file (JSON or YAML), or generate:users=N,... for a seeded generated tenant.",
      default: "demo",
    }),
    port: Flags.integer({ description: "Port on 127.0.0.1 (default: a free port).", min: 0, max: 65535, default: 0 }),
    at: Flags.string({ description: "The emulator's clock (ISO 8601); tenant dates are placed relative to it." }),
    "throttle-scale": Flags.string({ description: "Scale Graph's throttling limits (e.g. 0.01 to hit 429s quickly)." }),
    faults: Flags.string({
      description:
        "A fault file (JSON or YAML; schema: faults.schema.json of @pim-audit/graph-emulator): which routes fail, how and how often.",
    }),
    "page-size": Flags.integer({
      description: "Items per page when the client sends no $top (default 100); small values exercise paging.",
      min: 1,
      max: 999,
    }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Emulator);
    const { parseTenantSpec, startEmulator, loadTenantFile, loadFaultFile } = await import("@pim-audit/graph-emulator");
    const faultFile = flags.faults === undefined ? undefined : loadFaultFile(flags.faults);
    const spec = parseTenantSpec(flags.tenant);
    const tenant = typeof spec === "object" && "file" in spec ? loadTenantFile(spec.file) : spec;
    const scale = flags["throttle-scale"] === undefined ? undefined : Number(flags["throttle-scale"]);
    if (scale !== undefined && !(scale > 0)) {
      const { InputError } = await import("@pim-audit/model");
      throw new InputError("FLAG_INVALID", `--throttle-scale '${flags["throttle-scale"]}' is not a positive number.`);
    }
    const emulator = await startEmulator({
      tenant,
      port: flags.port,
      now: parseAt(flags.at, new Date()),
      ...(scale !== undefined ? { throttle: { scale } } : {}),
      ...(faultFile
        ? { faults: faultFile.faults, ...(faultFile.seed === undefined ? {} : { seed: faultFile.seed }) }
        : {}),
      ...(flags["page-size"] === undefined ? {} : { pageSize: flags["page-size"] }),
    });
    const dir = await mkdtemp(join(tmpdir(), "pim-audit-emulator-"));
    const caFile = join(dir, "ca.pem");
    await writeFile(caFile, emulator.caCertPem, { mode: 0o600 });
    const token = emulator.mintToken();
    const info = { baseUrl: emulator.baseUrl, caFile, tenantId: emulator.tenantId, token };
    if (this.jsonEnabled()) {
      process.stdout.write(`${JSON.stringify(info)}\n`);
    } else {
      this.log(`Graph emulator listening at ${emulator.baseUrl} (tenant ${emulator.tenantId})`);
      if (faultFile) this.log(`Faults: ${faultFile.faults.length} rules from ${flags.faults}`);
      this.log(`CA certificate: ${caFile}`);
      this.log("Try it:");
      this.log(`  export PIM_AUDIT_ACCESS_TOKEN=${token}`);
      this.log(
        `  pim-audit run --auth token --graph-endpoint ${emulator.baseUrl} --ca-file ${caFile} --tenant ${emulator.tenantId}`,
      );
      this.log("Press Ctrl+C to stop.");
    }
    await new Promise<void>((resolveStop) => {
      const stop = () => resolveStop();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    const violations = emulator.violations();
    await emulator.stop();
    if (this.jsonEnabled()) {
      process.stdout.write(`${JSON.stringify({ stopped: true, violations })}\n`);
    } else {
      const early = violations.filter((v) => v.kind === "earlyRetry").length;
      const unissued = violations.length - early;
      this.log(
        `Stopped. The client sent ${early} ${early === 1 ? "retry" : "retries"} before the Retry-After given and followed ${unissued} paging ${unissued === 1 ? "URL" : "URLs"} never issued.`,
      );
      for (const v of violations) this.log(`  ${v.kind}: ${v.request}: ${v.detail} (client ${v.client}, ${v.at})`);
    }
    return undefined;
  }
}
