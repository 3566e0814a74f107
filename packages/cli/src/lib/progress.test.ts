import { hasControls } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { progressReporter } from "./progress.js";

function stream(isTTY: boolean) {
  const written: string[] = [];
  return {
    written,
    stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
  };
}

describe("progress on stderr", () => {
  it.each([false, true])("never passes a control character from Graph to the terminal (terminal: %s)", async (tty) => {
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const out = stream(tty);
      const progress = await progressReporter({ quiet: false, stream: out.stream });
      progress.sink({
        kind: "gap",
        collection: "users\u001B[31m",
        piece: "roleSettings",
        reason: "denied\u001B]0;x\u0007\r",
      });
      progress.done();
      // The live line draws itself with \r and ESC [2K; nothing else may.
      const text = out.written.join("").replaceAll("\r\u001B[2K", "").replace(/\n/g, "");
      expect(hasControls(text), JSON.stringify(text)).toBe(false);
      expect(text).toContain("users\\u001B[31m: not collected: roleSettings: denied\\u001B]0;x\\u0007\\u000D");
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  });
});
