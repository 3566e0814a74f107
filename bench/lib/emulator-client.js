// Starts bench/lib/emulator-host.js as a child process and talks to it over IPC.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const HOST = fileURLToPath(new URL("./emulator-host.js", import.meta.url));

export async function startEmulatorProcess(options) {
  const child = fork(HOST, [JSON.stringify(options)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`the emulator process exited early (code ${code})`);
  });
  exited.catch(() => {});
  const [ready] = await Promise.race([once(child, "message"), exited]);
  const ask = async (kind) => {
    child.send({ kind });
    const [answer] = await Promise.race([once(child, "message"), exited]);
    return answer;
  };
  return {
    ...ready,
    summary: async () => (await ask("summary")).summary,
    stop: async () => {
      const gone = once(child, "exit");
      child.send({ kind: "stop" });
      await gone;
    },
  };
}
