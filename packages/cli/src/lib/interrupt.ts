// SIGINT and SIGTERM: stop the run, remove what it was writing, say in one line what was left, exit 130 / 143.
// The write in progress (lib/write-outputs.ts) registers itself here; its own cleanup runs when the signal aborts.

const controller = new AbortController();
/** Aborted on SIGINT or SIGTERM; the writers stop and remove their temporary files. */
export const interruptSignal: AbortSignal = controller.signal;

export class Interrupted extends Error {
  constructor(readonly signalName: "SIGINT" | "SIGTERM") {
    super(`interrupted by ${signalName}`);
  }
}

interface Active {
  /** Settles once the write has stopped and removed what it had written. */
  settled: Promise<unknown>;
  /** One line: what was left as it was, what is complete. */
  describe(): string;
  release(): void;
}

let active: Active | undefined;
let installed = false;

export function setActiveWrite(write: Active | undefined): void {
  active = write;
}

async function onSignal(signalName: "SIGINT" | "SIGTERM"): Promise<void> {
  const code = signalName === "SIGINT" ? 130 : 143;
  // A second signal leaves at once.
  if (controller.signal.aborted) process.exit(code);
  controller.abort(new Interrupted(signalName));
  const write = active;
  if (write) {
    await write.settled.catch(() => {});
    write.release();
  }
  process.stderr.write(`pim-audit: interrupted (${signalName}): ${write?.describe() ?? "nothing was written"}\n`);
  process.exit(code);
}

export function installInterruptHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("SIGINT", () => void onSignal("SIGINT"));
  process.on("SIGTERM", () => void onSignal("SIGTERM"));
}

/**
 * Test hook, inert unless PIM_AUDIT_TEST_PAUSE_AT names this point: says so on stderr and waits for a signal,
 * so the kill tests can stop a run at a known step. Not a user setting.
 */
export async function testPause(point: string): Promise<void> {
  if (process.env.PIM_AUDIT_TEST_PAUSE_AT !== point) return;
  process.stderr.write(`pim-audit: test pause at ${point}\n`);
  await new Promise<never>((_, reject) => {
    const timer = setInterval(() => {}, 60_000);
    const stop = () => {
      clearInterval(timer);
      reject(interruptSignal.reason);
    };
    if (interruptSignal.aborted) stop();
    else interruptSignal.addEventListener("abort", stop, { once: true });
  });
}
