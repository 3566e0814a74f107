export type { RequestLogEntry } from "./http/dispatch.js";
export type { FaultKind, FaultRule } from "./http/faults.js";
export { ALL_READ_PERMISSIONS } from "./http/permissions.js";
export type { ThrottleOptions } from "./http/throttle.js";
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from "./server.js";
export { DEMO_TENANT_ID, demoTenant } from "./tenant/demo.js";
export type * from "./tenant/fixture.js";
export { type GenerateOptions, generateTenant } from "./tenant/generate.js";
