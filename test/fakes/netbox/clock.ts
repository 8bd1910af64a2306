/**
 * Timestamps as NetBox renders them: ISO-8601 with microseconds and `Z`. The clock is strictly
 * increasing (one microsecond apart at least) so `time_after`/`last_updated__gte` are exact.
 */
export class Clock {
  private lastMicros = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The next timestamp, strictly after the previous one. */
  next(): string {
    let micros = this.now().getTime() * 1000;
    if (micros <= this.lastMicros) micros = this.lastMicros + 1;
    this.lastMicros = micros;
    return formatMicros(micros);
  }
}

export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  // Python's isoformat() drops a zero fraction; DRF renders what it gives.
  return `${new Date(millis).toISOString().slice(0, 19)}${fraction === '000000' ? '' : `.${fraction}`}Z`;
}

/** Epoch microseconds of an ISO timestamp (date-only allowed); `null` when unparseable. */
export function parseMicros(text: string): number | null {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,6})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    );
  if (!match) return null;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const millis = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${zone}`);
  if (Number.isNaN(millis)) return null;
  return millis * 1000 + Number(fraction.padEnd(6, '0'));
}

/** Python's `isoformat()` of an aware UTC datetime (`+00:00`), as used in NetBox ETags. */
export function pythonIso(timestamp: string): string {
  return timestamp.replace(/Z$/, '+00:00');
}
