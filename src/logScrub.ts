/**
 * What may reach a log line from errors and from other libraries' log messages. Database errors carry
 * the query's parameters (drizzle's message, the drivers' `parameters`/`params`, PostgreSQL's `detail`),
 * and Slack's client logs request and response bodies: all of these can hold the emails, phone numbers
 * and fødselsnummer vendors typed. Errors are therefore copied field by field from an allowlist, and
 * free text loses anything shaped like an address or a long number.
 */

/** What a serialised error looks like in the logs. */
export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  /** SQLSTATE for database errors; Node's or the library's code otherwise. */
  code?: string;
  severity?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  routine?: string;
  /** Slack Web API: the `error` code of a failed call, the HTTP status, the wait asked for. */
  slackError?: string;
  statusCode?: number;
  retryAfter?: number;
  cause?: SafeError | string;
}

const EMAIL = /[^\s@"'`<>()[\]{},;:|]+@[^\s@"'`<>()[\]{},;:|]+\.[^\s@"'`<>()[\]{},;:|]+/g;
// Phone numbers (typed or E.164) and fødselsnummer: eight or more digits, maybe with a + and separators.
const LONG_NUMBER = /\+?\d(?:[ -]?\d){7,}/g;

/** Removes anything that looks like an email address, a phone number or a fødselsnummer. */
export function scrubText(s: string): string {
  return s.replace(EMAIL, '[email]').replace(LONG_NUMBER, '[number]');
}

// Library messages that end in a payload: the label stays, the payload goes.
const PAYLOAD_MESSAGE = new RegExp(
  '^(' +
    [
      // Web API client
      'http request (?:body|result|headers)',
      // Bolt's receivers
      'ack\\(\\) (?:call begins|response stored|response sent)',
      'Error details',
      'AWS event',
      // Socket Mode client
      'Received a message on the WebSocket',
      'Unable to parse an incoming WebSocket message',
      'Calling ack\\(\\)',
      'Sending a WebSocket message',
    ].join('|') +
    ')',
);

/**
 * A message from Bolt, the Web API client or the Socket Mode client. Those log request and response
 * bodies at debug level (`http request body: {…}`, `http request result: {…}`, `ack() … (body: …)`,
 * the raw incoming body or WebSocket message):
 * such payloads are dropped whole, and any other text is scrubbed.
 */
export function scrubLibraryMessage(s: string): string {
  const labelled = PAYLOAD_MESSAGE.exec(s);
  if (labelled) return `${labelled[1]} [payload omitted]`;
  if (/^\s*[[{]/.test(s)) return '[payload omitted]';
  return scrubText(s);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A database error's message without values: drizzle appends `params: …` to the query text, and
 * PostgreSQL quotes offending values in some messages (`invalid input syntax for type uuid: "…"`).
 * Quoted names the error itself reports as identifiers (constraint, table, column…) are kept.
 */
function safeMessage(message: string, identifiers: Set<string>): string {
  // `Key (column)=(value)`, as PostgreSQL words a violated key, can reach a message too.
  const withoutParams = message.replace(/\n?\s*params: [\s\S]*$/, '').replace(/=\s*\([^)]*\)/g, '=(…)');
  // drizzle's query text quotes every identifier and holds values only as $1, $2…: keep it readable.
  if (withoutParams.includes('Failed query: ')) return scrubText(withoutParams);
  const unquoted = withoutParams.replace(/"([^"]*)"/g, (whole, inner: string) => (identifiers.has(inner) ? whole : '"…"'));
  return scrubText(unquoted);
}

/**
 * A readable type: the error's own name (PostgresError), else its class (drizzle's DrizzleQueryError
 * keeps the name "Error"); PGlite's minified class with the name "error" is a database error.
 */
function typeName(value: object, e: Record<string, unknown>): string {
  const name = str(e.name);
  if (name && name !== 'Error' && name !== 'error') return name;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof ctor === 'string' && ctor.length > 2 && ctor !== 'Object') return ctor;
  return str(e.severity) ? 'DatabaseError' : 'Error';
}

/**
 * Serialises anything logged under `err` (pino's serializer for that key): an Error, an error-like
 * object, or a message string. Only allowlisted fields survive; causes are followed a few levels.
 */
export function serializeError(value: unknown, depth = 0): SafeError | string {
  if (typeof value === 'string') return safeMessage(value, new Set());
  if (typeof value !== 'object' || value === null) return scrubText(String(value));
  const e = value as Record<string, unknown>;
  // PostgreSQL's fields: postgres.js names them schema_name/table_name/…; PGlite, pg-protocol style.
  const db = {
    schema: str(e.schema_name) ?? str(e.schema),
    table: str(e.table_name) ?? str(e.table),
    column: str(e.column_name) ?? str(e.column),
    constraint: str(e.constraint_name) ?? str(e.constraint),
    dataType: str(e.data_type_name) ?? str(e.dataType),
  };
  const identifiers = new Set(Object.values(db).filter((v): v is string => v !== undefined));
  const type = typeName(value, e);
  const message = safeMessage(typeof e.message === 'string' ? e.message : '', identifiers);
  const out: SafeError = { type, message };
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message (with drizzle's parameters): keep only the frames.
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  const code = e.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  const severity = str(e.severity);
  if (severity) out.severity = severity;
  for (const [k, v] of Object.entries(db)) if (v) out[k as keyof typeof db] = v;
  out.routine = str(e.routine);
  const data = e.data as { error?: unknown } | undefined;
  out.slackError = typeof data === 'object' && data !== null ? str(data.error) : undefined;
  out.statusCode = num(e.statusCode);
  out.retryAfter = num(e.retryAfter);
  // drizzle keeps the driver's error in `cause`; Bolt and the Web API client wrap theirs in `original`.
  const inner = e.cause ?? e.original;
  if (inner !== undefined && inner !== value && depth < 3) {
    const cause = serializeError(inner, depth + 1);
    out.cause = cause;
    // The SQL state is what one searches logs for: lift it to the top when the wrapper has none.
    if (typeof cause === 'object') {
      out.code ??= cause.code;
      out.constraint ??= cause.constraint;
      out.table ??= cause.table;
    }
  }
  for (const k of Object.keys(out) as (keyof SafeError)[]) if (out[k] === undefined) delete out[k];
  return out;
}
