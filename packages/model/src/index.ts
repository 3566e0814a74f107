export * from "./auth.js";
export * from "./canonical.js";
export * from "./catalog.js";
export * from "./closest.js";
export * from "./errors.js";
export * from "./finding.js";
export * from "./snapshot.js";
export * from "./validate.js";
