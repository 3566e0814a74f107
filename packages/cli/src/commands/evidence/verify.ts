import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Args, Flags } from "@oclif/core";
import { escapeControls } from "@pim-audit/model";
import { BaseCommand } from "../../lib/base-command.js";

export default class EvidenceVerify extends BaseCommand {
  static override summary = "Verify an evidence bundle: every file's hash and the manifest signature.";
  static override description =
    "Checks that nothing in the bundle was added (a file, a folder, a link), removed or changed since it was written, and that the manifest's signature is good. Says which key signed it: without --public-key the key is the one the bundle names itself (not pinned), so anyone who rewrote the bundle could have signed it again; pass --public-key to pin it. An unsigned bundle fails unless --allow-unsigned is given. Exit 0 when it verifies, 1 naming each problem.";
  static override examples = [
    "<%= config.bin %> evidence verify evidence/contoso-2026-11-01T020000Z",
    "<%= config.bin %> evidence verify evidence/contoso-2026-11-01T020000Z --public-key audit-signing.pub.pem",
    "<%= config.bin %> evidence verify evidence/contoso-2026-11-01T020000Z --allow-unsigned",
  ];
  static override enableJsonFlag = true;
  static override args = { dir: Args.string({ description: "The evidence bundle folder.", required: true }) };
  static override flags = {
    "public-key": Flags.string({ description: "Ed25519 public key (PEM) the signature must verify against." }),
    "allow-unsigned": Flags.boolean({
      description: "Accept a bundle that carries no signature (its hashes are then all that is checked).",
      exclusive: ["public-key"],
    }),
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
    const result = await verifyEvidence(resolve(args.dir), {
      ...(publicKeyPem ? { publicKeyPem } : {}),
      allowUnsigned: flags["allow-unsigned"],
    });
    if (!this.jsonEnabled()) {
      for (const p of result.problems)
        process.stderr.write(`pim-audit: ${escapeControls(`${args.dir}/${p.file}: ${p.problem}`)}\n`);
      if (result.ok) this.log(`${args.dir}: verified: every file matches the manifest; ${signedBy(result)}.`);
      else {
        const count = `${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}`;
        const hint =
          result.unsigned && !publicKeyPem && !flags["allow-unsigned"]
            ? " (an unsigned bundle fails unless --allow-unsigned is given; sign bundles with run --sign-key)"
            : "";
        process.stderr.write(`pim-audit: ${args.dir}: NOT verified: ${count}${hint}.\n`);
      }
    }
    process.exitCode = result.ok ? 0 : 1;
    return result;
  }
}

/** What the signature check proved, in words. */
function signedBy(result: { signed: boolean; keyId: string | null; keyPinned: boolean }): string {
  if (!result.signed) return "UNSIGNED (accepted with --allow-unsigned: anyone could have written it)";
  if (result.keyPinned) return `signed by key ${result.keyId}, the key given with --public-key`;
  return `signed by key ${result.keyId} (not pinned: pass --public-key to pin it)`;
}
