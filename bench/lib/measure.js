// What every scenario repetition reports about its own process: wall, CPU and peak RSS.
export function startMeasure() {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return {
      wallMs: performance.now() - wall0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  };
}
