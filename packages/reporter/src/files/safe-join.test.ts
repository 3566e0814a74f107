import { join, resolve } from "node:path";
import { InputError } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { safeJoin } from "./safe-join.js";

describe("safeJoin", () => {
  const root = resolve("/tmp/bundle");

  it("joins paths that stay inside the root", () => {
    expect(safeJoin(root, "policies/baseline.yaml")).toBe(join(root, "policies", "baseline.yaml"));
    expect(safeJoin(root, "a/../b.txt")).toBe(join(root, "b.txt"));
  });

  it.each(["../outside.txt", "policies/../../outside.txt", "/etc/passwd", "C:\\Windows\\x", "", ".", "a\0b"])(
    "refuses %j with PATH_ESCAPE",
    (path) => {
      let error: unknown;
      try {
        safeJoin(root, path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe("PATH_ESCAPE");
      expect((error as InputError).toOneLine()).toContain(JSON.stringify(path));
    },
  );
});
