// Dates relative to the emulator's clock, rounded to whole UTC days so a tenant is stable within a day.

const DAY_MS = 86_400_000;

export function startOfUtcDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

/** ISO 8601 UTC without milliseconds when they are zero, as Graph writes whole-second times. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}

/** `day0` shifted by days, hours and minutes, as ISO text. */
export function relative(day0: Date, days: number, hours = 0, minutes = 0): string {
  return isoUtc(new Date(day0.getTime() + days * DAY_MS + hours * 3_600_000 + minutes * 60_000));
}
