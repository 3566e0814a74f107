import { describe, expect, it } from "vitest";
import { stableJson, stableJsonChunks } from "./canonical.js";
import { escapeControls, escapeJsonControls, hasControls } from "./controls.js";

const NASTY = "a\u0000b\u001B[31mc\u0007d\u009Be\u202Ef\u2028g\u2029h\u2066i\u200Fj\u007Fk\tl\nm\rn";

describe("escapeControls", () => {
  it("writes every C0, C1, DEL, bidi and separator character as a visible \\uXXXX", () => {
    expect(escapeControls(NASTY)).toBe(
      "a\\u0000b\\u001B[31mc\\u0007d\\u009Be\\u202Ef\\u2028g\\u2029h\\u2066i\\u200Fj\\u007Fk\\u0009l\\u000Am\\u000Dn",
    );
  });

  it("leaves tab, LF and CR to the format when asked", () => {
    expect(escapeControls("x\t=y\nz\r\u001B", { keepWhitespace: true })).toBe("x\t=y\nz\r\\u001B");
  });

  it("returns ordinary text as it is, accents, CJK and emoji included", () => {
    const text = "Zoë Ångström 山田 👩‍💻 <b>|*`";
    expect(escapeControls(text)).toBe(text);
  });
});

describe("JSON output", () => {
  it("escapes the controls JSON.stringify leaves raw, and parses back to the same value", () => {
    const value = { name: NASTY };
    const text = stableJson(value);
    expect(hasControls(text, { keepWhitespace: true })).toBe(false);
    expect(text).toContain("\\u202e");
    expect(JSON.parse(text)).toEqual(value);
    expect([...stableJsonChunks(value)].join("")).toBe(text);
  });

  it("escapes them in the chunked form of a large list too", () => {
    const value = { principals: Array.from({ length: 600 }, (_, i) => ({ displayName: `p${i}\u202E\u0085` })) };
    const text = [...stableJsonChunks(value)].join("");
    expect(text).toBe(stableJson(value));
    expect(hasControls(text, { keepWhitespace: true })).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("hasControls finds what escapeControls escapes", () => {
    expect(hasControls("a\u202Eb")).toBe(true);
    expect(hasControls("a\tb")).toBe(true);
    expect(hasControls("a\tb", { keepWhitespace: true })).toBe(false);
    expect(hasControls(escapeControls(NASTY))).toBe(false);
  });

  it("leaves JSON without such characters untouched", () => {
    expect(escapeJsonControls('{"a":"Zoë"}')).toBe('{"a":"Zoë"}');
  });
});
