import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findConfigFile, loadConfig } from "./config-file.js";
import { resolveSettings } from "./settings.js";

function configIn(dir: string, text: string): string {
  const file = join(dir, "pim-audit.config.yaml");
  writeFileSync(file, text);
  return file;
}

describe("settings precedence: flag > environment > config file > default", () => {
  it("takes each value from the strongest source that sets it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pim-settings-"));
    configIn(dir, "cloud: usgov\nfailOn: low\nout: reports\nformats: [json, sarif]\npolicies: [team/, baseline]\n");
    const config = await loadConfig(undefined, dir);
    const resolved = resolveSettings({ "fail-on": "critical" }, { PIM_AUDIT_CLOUD: "china" }, config);
    expect(resolved.values.failOn).toBe("critical");
    expect(resolved.origins.failOn).toBe("flag");
    expect(resolved.values.cloud).toBe("china");
    expect(resolved.origins.cloud).toBe("env");
    expect(resolved.values.formats).toEqual(["json", "sarif"]);
    expect(resolved.origins.formats).toBe("config");
    // Paths in the config file are relative to its folder; pack names stay names.
    expect(resolved.values.out).toBe(join(dir, "reports"));
    expect(resolved.values.policies).toEqual([join(dir, "team"), "baseline"]);
    expect(resolved.values.auth).toBe("default");
    expect(resolved.origins.auth).toBe("default");
  });

  it("refuses a bad environment value naming the variable", () => {
    expect(() => resolveSettings({}, { PIM_AUDIT_FAIL_ON: "severe" }, undefined)).toThrow(
      "environment variable PIM_AUDIT_FAIL_ON: 'severe' is not one of info, low, medium, high, critical, never.",
    );
  });

  it("takes the Graph concurrency from the environment or the config file, within 1 to 16", async () => {
    expect(resolveSettings({}, {}, undefined).values.concurrency).toBe(8);
    expect(resolveSettings({}, { PIM_AUDIT_CONCURRENCY: "2" }, undefined).values.concurrency).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), "pim-settings-"));
    configIn(dir, "concurrency: 3\n");
    const resolved = resolveSettings({}, {}, await loadConfig(undefined, dir));
    expect([resolved.values.concurrency, resolved.origins.concurrency]).toEqual([3, "config"]);
    expect(() => resolveSettings({}, { PIM_AUDIT_CONCURRENCY: "64" }, undefined)).toThrow(
      "environment variable PIM_AUDIT_CONCURRENCY: '64' is not a whole number of requests from 1 to 16.",
    );
  });

  it("takes the Graph deadlines from a flag, the environment or the config file, with documented defaults", async () => {
    const defaults = resolveSettings({}, {}, undefined).values;
    expect([defaults.requestTimeout, defaults.collectionTimeout]).toEqual([100, 3600]);
    const flags = resolveSettings({ "request-timeout": "2", "collection-timeout": "20" }, {}, undefined);
    expect([flags.values.requestTimeout, flags.values.collectionTimeout]).toEqual([2, 20]);
    expect(resolveSettings({}, { PIM_AUDIT_COLLECTION_TIMEOUT: "900" }, undefined).values.collectionTimeout).toBe(900);
    const dir = mkdtempSync(join(tmpdir(), "pim-settings-"));
    configIn(dir, "requestTimeout: 30\ncollectionTimeout: 7200\n");
    const resolved = resolveSettings({}, {}, await loadConfig(undefined, dir));
    expect([resolved.values.requestTimeout, resolved.origins.collectionTimeout]).toEqual([30, "config"]);
    expect(resolved.values.collectionTimeout).toBe(7200);
    expect(() => resolveSettings({ "request-timeout": "0" }, {}, undefined)).toThrow(
      "--request-timeout: '0' is not a whole number of seconds from 1 to 3600.",
    );
    expect(() => resolveSettings({ "collection-timeout": "soon" }, {}, undefined)).toThrow(
      "--collection-timeout: 'soon' is not a whole number of seconds from 1 to 86400.",
    );
  });

  it("parses --format lists and rejects unknown formats", () => {
    expect(resolveSettings({ format: "md,sarif,md" }, {}, undefined).values.formats).toEqual(["md", "sarif"]);
    expect(() => resolveSettings({ format: "pdf" }, {}, undefined)).toThrow("--format: 'pdf' is not one of");
  });
});

describe("config file", () => {
  it("is found upwards from the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "pim-settings-"));
    const file = configIn(dir, "cloud: global\n");
    const nested = join(dir, "a", "b");
    mkdirSync(nested, { recursive: true });
    expect(findConfigFile(nested)).toBe(file);
  });

  it("reports unknown keys at their line and column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pim-settings-"));
    configIn(dir, "cloud: global\n  \nfailon: high\n");
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/pim-audit\.config\.yaml:3:1: unknown key 'failon'/);
  });
});
