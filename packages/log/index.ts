/**
 * A structured logger: one JSON line per event. It never takes free text from a person;
 * keys that could carry personal data are redacted even if a caller passes them by mistake.
 */
const REDACTED_KEYS = /^(email|contact|organisation|message|receipt|token|formToken|ip|address|cookie|authorization)$/i;

export type LogDetail = Record<string, unknown>;
export type Logger = (event: string, detail?: LogDetail) => void;

export function redact(detail: LogDetail): LogDetail {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [key, REDACTED_KEYS.test(key) ? '[redacted]' : value]),
  );
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  return (event, detail = {}) => write(JSON.stringify({ time: new Date().toISOString(), event, ...redact(detail) }));
}

export const silentLogger: Logger = () => {};
