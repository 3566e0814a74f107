// The string formats the policy schema uses, in one place for ajv at run time and for the precompiled
// validator the build writes (which imports this module).
import type { Format } from "ajv";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { isIsoDuration } from "../duration.js";

export const POLICY_FORMATS: Record<"date" | "date-time" | "duration", Format> = {
  date: fullFormats.date,
  "date-time": fullFormats["date-time"],
  duration: { type: "string", validate: isIsoDuration },
};
