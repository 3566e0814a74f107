import { describe, expect, it } from "vitest";
import { REDACTED, redactCommandLine } from "./redact.js";

describe("redactCommandLine", () => {
  it("removes the values of secret flags in both spellings", () => {
    expect(
      redactCommandLine([
        "run",
        "--client-secret",
        "s3cr3t~value",
        "--certificate-password=hunter2",
        "--out",
        "reports",
      ]),
    ).toEqual(["run", "--client-secret", REDACTED, `--certificate-password=${REDACTED}`, "--out", "reports"]);
  });

  it("removes secret variables and bearer tokens wherever they appear", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    expect(
      redactCommandLine([
        "PIM_AUDIT_ACCESS_TOKEN=abc.def",
        "AZURE_CLIENT_SECRET=xyz",
        "--header",
        "Authorization: Bearer abc123",
        jwt,
        "--graph-endpoint",
        "https://user:pa55@proxy.example/v1.0",
      ]),
    ).toEqual([
      `PIM_AUDIT_ACCESS_TOKEN=${REDACTED}`,
      `AZURE_CLIENT_SECRET=${REDACTED}`,
      "--header",
      `Authorization: Bearer ${REDACTED}`,
      REDACTED,
      "--graph-endpoint",
      `https://user:${REDACTED}@proxy.example/v1.0`,
    ]);
  });

  it("keeps ordinary flags, including --auth token and file paths", () => {
    const argv = ["run", "--auth", "token", "--tenant", "contoso.onmicrosoft.com", "--sign-key", "keys/evidence.pem"];
    expect(redactCommandLine(argv)).toEqual(argv);
  });

  it("does not change its input", () => {
    const argv = ["--client-secret", "x"];
    redactCommandLine(argv);
    expect(argv).toEqual(["--client-secret", "x"]);
  });
});
