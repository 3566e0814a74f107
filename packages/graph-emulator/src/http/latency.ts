// How long to hold each response: a fixed delay, a seeded jitter, and per-route latency faults.
import { unit } from "../ids.js";
import { FaultInjector, type FaultRule } from "./faults.js";

export interface LatencyOptions {
  fixedMs?: number;
  jitterMs?: number;
}

export class Latency {
  private responses = 0;
  readonly faults: FaultInjector;

  constructor(
    private readonly options: LatencyOptions,
    faults: readonly FaultRule[],
    private readonly seed: number,
  ) {
    // Rule numbers stay those of the whole list: other kinds never match here.
    this.faults = new FaultInjector(faults, seed);
  }

  /** The delay in milliseconds for the next response, which answered `route`. */
  next(route: string): number {
    const n = ++this.responses;
    let delay = (this.options.fixedMs ?? 0) + (this.options.jitterMs ?? 0) * unit(this.seed, "jitter", n);
    for (const fault of this.faults.draw(route, ["latency"])) delay += fault.latencyMs ?? 0;
    return delay;
  }
}
