/**
 * A structured logger: one JSON line per event. It never takes free text from a person;
 * keys that could carry personal data are redacted even if a caller passes them by mistake,
 * at any depth, and anything that looks like an email or an IP address inside any other
 * string is masked, so an error message quoting one cannot leak it either.
 */
const REDACTED_KEYS =
  /(e-?mail|contact|organi[sz]ation|message|receipt|token|cookie|authori[sz]ation|password|secret|address|^ip$|ip_?addr|source_?ip|forwarded|user_?agent|^text$|^body$|^notes?$|reply)/i;

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/g;
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
// Full eight-group form, or any form with "::" (clock times like 02:39:00 have neither).
const IPV6 =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?)(?:%\w+)?(?![\w:])/gi;

export type LogDetail = Record<string, unknown>;
export type Logger = (event: string, detail?: LogDetail) => void;

/** Masks email and IP addresses inside free text. */
export function scrub(text: string): string {
  return text.replace(EMAIL, '[email]').replace(IPV4, '[ip]').replace(IPV6, '[ip]');
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) return { name: value.name };
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 5) return '[nested]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => clean(item, depth + 1));
  return redact(value as LogDetail, depth + 1);
}

export function redact(detail: LogDetail, depth = 0): LogDetail {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [key, REDACTED_KEYS.test(key) ? '[redacted]' : clean(value, depth)]),
  );
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  return (event, detail = {}) => write(JSON.stringify({ time: new Date().toISOString(), event, ...redact(detail) }));
}

export const silentLogger: Logger = () => {};
