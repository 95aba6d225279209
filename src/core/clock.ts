/** Wall-clock helpers in UTC, injectable so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

const DAY_MS = 86_400_000;
// The last day formatted: every verification asks for today, and formatting a Date each time
// showed in profiles. A pure function of the instant, so one cache serves every clock.
let formattedDay = { start: 0, end: 0, day: '' };

/** `YYYY-MM-DD` of the clock's current UTC day. */
export function utcToday(clock: Clock): string {
  const now = clock.now();
  const ms = now.getTime();
  if (ms >= formattedDay.start && ms < formattedDay.end) return formattedDay.day;
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  formattedDay = { start, end: start + DAY_MS, day: now.toISOString().slice(0, 10) };
  return formattedDay.day;
}

/** A key with `expiresAt` is valid through the end of that UTC day. */
export function isExpired(expiresAt: string | null, today: string): boolean {
  return expiresAt !== null && expiresAt < today;
}
