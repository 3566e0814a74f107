import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Args, Flags } from "@oclif/core";
import { escapeControls } from "@pim-audit/model";
import { BaseCommand } from "../../lib/base-command.js";

export default class EvidenceVerify extends BaseCommand {
  static override summary = "Verify an evidence bundle: every file's hash and the manifest signature.";
  static override description =
    "Checks that no file of the bundle was added, removed or changed since it was written, and, when the manifest is signed, that the signature is good (against --public-key when given). Exit 0 when it verifies, 1 naming each file that does not.";
  static override examples = [
    "<%= config.bin %> evidence verify evidence/contoso-2026-11-01T020000Z",
    "<%= config.bin %> evidence verify evidence/contoso-2026-11-01T020000Z --public-key audit-signing.pub.pem",
  ];
  static override enableJsonFlag = true;
  static override args = { dir: Args.string({ description: "The evidence bundle folder.", required: true }) };
  static override flags = {
    "public-key": Flags.string({ description: "Ed25519 public key (PEM) the signature must verify against." }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(EvidenceVerify);
    const { verifyEvidence } = await import("@pim-audit/reporter");
    let publicKeyPem: string | undefined;
    if (flags["public-key"]) {
      try {
        publicKeyPem = await readFile(resolve(flags["public-key"]), "utf8");
      } catch (cause) {
        const { InputError } = await import("@pim-audit/model");
        throw new InputError("FILE_NOT_FOUND", `--public-key ${flags["public-key"]}: cannot read it.`, { cause });
      }
    }
    const result = await verifyEvidence(resolve(args.dir), publicKeyPem ? { publicKeyPem } : {});
    if (!this.jsonEnabled()) {
      if (result.ok) this.log(`${args.dir}: verified.`);
      for (const p of result.problems)
        process.stderr.write(`pim-audit: ${escapeControls(`${args.dir}/${p.file}: ${p.problem}`)}\n`);
    }
    process.exitCode = result.ok ? 0 : 1;
    return result;
  }
}
