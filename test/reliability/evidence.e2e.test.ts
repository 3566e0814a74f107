// Evidence bundles an adversary has touched, checked through `pim-audit evidence verify`: each case says what
// was done to a bundle, the flags given, the exit code and the words the user must see.
import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, tempDir } from "../support/cli.js";

interface Manifest {
  files: { path: string; sha256: string; bytes: number }[];
  signing: { algorithm: "Ed25519"; keyId: string; publicKeyPem: string } | null;
}

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const keyIdOf = (key: KeyObject) => `sha256:${sha256(key.export({ type: "spki", format: "der" }))}`;

const ours = generateKeyPairSync("ed25519");
const theirs = generateKeyPairSync("ed25519");

let root: string;
let signedBundle: string;
let unsignedBundle: string;

async function bundle(name: string, extra: string[]): Promise<string> {
  const result = await pimAudit(
    ["run", "--demo", "--at", FIXED_AT, "--out", `out-${name}`, "--evidence", name, "--fail-on", "never", ...extra],
    { cwd: root },
  );
  expect(result.code, result.stderr).toBe(0);
  const [folder] = readdirSync(join(root, name));
  if (!folder) throw new Error(`no bundle in ${name}`);
  return join(root, name, folder);
}

beforeAll(async () => {
  root = tempDir("pim-audit-evidence-");
  writeFileSync(join(root, "ours.pem"), ours.privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(join(root, "ours.pub.pem"), ours.publicKey.export({ type: "spki", format: "pem" }));
  [signedBundle, unsignedBundle] = await Promise.all([
    bundle("signed", ["--sign-key", "ours.pem"]),
    bundle("unsigned", []),
  ]);
});

/** What an adversary with write access does: change a report, fix the hashes, and sign again with any key. */
function rewrite(path: string, key: KeyObject | null, publicKey: KeyObject | null): void {
  writeFileSync(join(path, "findings.md"), "# No findings\n");
  const manifest = JSON.parse(readFileSync(join(path, "manifest.json"), "utf8")) as Manifest;
  const bytes = readFileSync(join(path, "findings.md"));
  manifest.files = manifest.files.map((f) =>
    f.path === "findings.md" ? { ...f, sha256: sha256(bytes), bytes: bytes.length } : f,
  );
  manifest.signing =
    key && publicKey
      ? {
          algorithm: "Ed25519",
          keyId: keyIdOf(publicKey),
          publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
        }
      : null;
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(path, "manifest.json"), manifestBytes);
  rmSync(join(path, "manifest.sig"), { force: true });
  if (key && publicKey) {
    const signature = sign(null, manifestBytes, key).toString("base64");
    writeFileSync(
      join(path, "manifest.sig"),
      JSON.stringify({ algorithm: "Ed25519", keyId: keyIdOf(publicKey), signature }),
    );
  }
}

interface Case {
  name: string;
  from: "signed" | "unsigned";
  tamper?: (path: string) => void;
  flags: string[];
  code: number;
  /** Must appear on stdout + stderr. */
  says: RegExp[];
}

const PIN = ["--public-key", "ours.pub.pem"];

const cases: Case[] = [
  {
    name: "a signed bundle, pinned to our key",
    from: "signed",
    flags: PIN,
    code: 0,
    says: [new RegExp(`signed by key ${keyIdOf(ours.publicKey)}, the key given with --public-key`)],
  },
  {
    name: "a signed bundle, no key given: says the key is not pinned",
    from: "signed",
    flags: [],
    code: 0,
    says: [new RegExp(`signed by key ${keyIdOf(ours.publicKey)} \\(not pinned: pass --public-key to pin it\\)`)],
  },
  {
    name: "an unsigned bundle fails",
    from: "unsigned",
    flags: [],
    code: 1,
    says: [/manifest\.sig: missing: the bundle is UNSIGNED/, /NOT verified: 1 problem .*--allow-unsigned/],
  },
  {
    name: "an unsigned bundle with --allow-unsigned verifies, called UNSIGNED",
    from: "unsigned",
    flags: ["--allow-unsigned"],
    code: 0,
    says: [/verified: every file matches the manifest; UNSIGNED/],
  },
  {
    name: "an unsigned bundle checked against a public key",
    from: "unsigned",
    flags: PIN,
    code: 1,
    says: [/manifest\.sig: missing: the bundle is not signed/],
  },
  {
    name: "re-hashed and re-signed with another key, no key given: names the other key, not pinned",
    from: "signed",
    tamper: (p) => rewrite(p, theirs.privateKey, theirs.publicKey),
    flags: [],
    code: 0,
    says: [new RegExp(`signed by key ${keyIdOf(theirs.publicKey)} \\(not pinned`)],
  },
  {
    name: "re-hashed and re-signed with another key, pinned: bad signature",
    from: "signed",
    tamper: (p) => rewrite(p, theirs.privateKey, theirs.publicKey),
    flags: PIN,
    code: 1,
    says: [new RegExp(`bad signature: signed by key ${keyIdOf(theirs.publicKey)}, not by the given public key`)],
  },
  {
    name: "re-hashed with the signature removed: UNSIGNED fails",
    from: "signed",
    tamper: (p) => rewrite(p, null, null),
    flags: [],
    code: 1,
    says: [/UNSIGNED/],
  },
  {
    name: "signature file removed, manifest untouched",
    from: "signed",
    tamper: (p) => unlinkSync(join(p, "manifest.sig")),
    flags: [],
    code: 1,
    says: [/manifest\.sig: removed: the manifest says the bundle was signed/],
  },
  {
    name: "an empty folder added",
    from: "signed",
    tamper: (p) => mkdirSync(join(p, "extra")),
    flags: PIN,
    code: 1,
    says: [/extra: added: a folder not in the manifest/],
  },
  {
    name: "an empty folder added inside policies/",
    from: "signed",
    tamper: (p) => mkdirSync(join(p, "policies", "later")),
    flags: PIN,
    code: 1,
    says: [/policies\/later: added: a folder not in the manifest/],
  },
  {
    name: "an empty folder added to an unsigned bundle, even with --allow-unsigned",
    from: "unsigned",
    tamper: (p) => mkdirSync(join(p, "extra")),
    flags: ["--allow-unsigned"],
    code: 1,
    says: [/extra: added: a folder/],
  },
  {
    name: "an extra file",
    from: "signed",
    tamper: (p) => writeFileSync(join(p, "notes.txt"), "approved\n"),
    flags: PIN,
    code: 1,
    says: [/notes\.txt: added: not listed in the manifest/],
  },
  {
    name: "a symbolic link added",
    from: "signed",
    tamper: (p) => symlinkSync("/etc/hostname", join(p, "hostname")),
    flags: PIN,
    code: 1,
    says: [/hostname: added: not a regular file/],
  },
  {
    name: "a report replaced by a link to another",
    from: "signed",
    tamper: (p) => {
      unlinkSync(join(p, "findings.md"));
      symlinkSync(join(p, "findings.csv"), join(p, "findings.md"));
    },
    flags: PIN,
    code: 1,
    says: [/findings\.md: .*not a regular file/],
  },
];

describe("evidence verify on touched bundles", () => {
  it.each(cases)("$name", async ({ from, tamper, flags, code, says }) => {
    const copy = join(tempDir("pim-audit-bundle-"), "bundle");
    cpSync(from === "signed" ? signedBundle : unsignedBundle, copy, { recursive: true, verbatimSymlinks: true });
    tamper?.(copy);
    const result = await pimAudit(["evidence", "verify", copy, ...flags], { cwd: root });
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(code);
    for (const words of says) expect(output).toMatch(words);
    if (code === 0) expect(output).not.toMatch(/NOT verified/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
