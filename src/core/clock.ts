/** Wall-clock helpers in UTC, injectable so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

/** `YYYY-MM-DD` of the clock's current UTC day. */
export function utcToday(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** A key with `expiresAt` is valid through the end of that UTC day. */
export function isExpired(expiresAt: string | null, today: string): boolean {
  return expiresAt !== null && expiresAt < today;
}
