import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type StreamTransport from 'nodemailer/lib/stream-transport';

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** stable idempotency key, also sent as header X-TT02-Idempotency-Key and used to derive a deterministic Message-ID */
  idempotencyKey: string;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** absolute path of the .eml file (file mode only) */
  file?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  /**
   * File mode: replaces the written message (`sent.file`) with another rendering of it, e.g. without
   * the fødselsnummer once that is erased. The file keeps its name, mode 0600 and Message-ID.
   * (`send` again with the same idempotency key replaces the files earlier attempts wrote.)
   */
  rewrite?(file: string, mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export interface MailerLogger {
  info(obj: object, msg: string): void;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL; unset or blank: write .eml files to mailDir instead */
  smtpUrl?: string;
  from: string;
  /** default ./.data/mail */
  mailDir?: string;
  logger?: MailerLogger;
}

interface MailErrorDetails {
  /** nodemailer's error code, e.g. EENVELOPE, ECONNECTION, ETIMEDOUT */
  code?: string;
  /** SMTP reply code, when the server answered */
  responseCode?: number;
  /** SMTP command the server answered, e.g. 'RCPT TO' */
  command?: string;
}

/**
 * The server refused the message for good (5xx reply, all recipients rejected, malformed address):
 * sending the same message again will fail again. Messages never contain email addresses.
 */
export class PermanentMailError extends Error {
  readonly code: string | undefined;
  readonly responseCode: number | undefined;
  readonly command: string | undefined;
  constructor(message: string, details: MailErrorDetails = {}) {
    super(message);
    this.name = 'PermanentMailError';
    this.code = details.code;
    this.responseCode = details.responseCode;
    this.command = details.command;
  }
}

/** Anything else (connection refused, timeout, 4xx, authentication): worth retrying later. */
export class TransientMailError extends Error {
  readonly code: string | undefined;
  readonly responseCode: number | undefined;
  readonly command: string | undefined;
  constructor(message: string, details: MailErrorDetails = {}) {
    super(message);
    this.name = 'TransientMailError';
    this.code = details.code;
    this.responseCode = details.responseCode;
    this.command = details.command;
  }
}

/**
 * RFC 5321 §4.5.3.2: a client should wait 5 minutes for the greeting (busy servers delay it on
 * purpose) and up to 10 minutes for the answer to the final dot, because the server may be
 * storing the message meanwhile: giving up sooner and sending again gives the recipient the
 * message twice. nodemailer has one inactivity timeout for every command, so it gets the longest
 * (10 min); connecting and the greeting share a 5-minute deadline. The outbox renews its lease
 * while the call runs, so no other instance sends the message meanwhile.
 */
const SMTP_GREETING_TIMEOUT_MS = 5 * 60_000;
const SMTP_REPLY_TIMEOUT_MS = 10 * 60_000;
const SMTP_DNS_TIMEOUT_MS = 30_000;
const MESSAGE_ID_DOMAIN = 'tt02-access';
export const IDEMPOTENCY_HEADER = 'X-TT02-Idempotency-Key';

/** `<{first 32 hex of sha256(key)}@tt02-access>`: the same key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string): string {
  const hash = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<${hash}@${MESSAGE_ID_DOMAIN}>`;
}

/** Replaces anything that looks like an email address, so that error messages and logs carry none. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g, '[address]');
}

function validate(mail: OutgoingMail): void {
  const recipients = [...mail.to, ...(mail.cc ?? []), ...(mail.bcc ?? [])];
  if (mail.to.length === 0 || recipients.some((r) => !r.trim())) {
    throw new PermanentMailError('Mail has no (or an empty) recipient', { code: 'EENVELOPE', command: 'API' });
  }
  const key = mail.idempotencyKey;
  // eslint-disable-next-line no-control-regex
  if (!key || key.length > 200 || /[\u0000-\u001f\u007f]/.test(key)) {
    throw new PermanentMailError('Mail idempotency key must be 1–200 characters without control characters', {
      code: 'EMESSAGE',
      command: 'API',
    });
  }
}

function messageOptions(from: string, mail: OutgoingMail, messageId: string): SendMailOptions {
  return {
    from,
    to: mail.to,
    ...(mail.cc?.length ? { cc: mail.cc } : {}),
    ...(mail.bcc?.length ? { bcc: mail.bcc } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    headers: { [IDEMPOTENCY_HEADER]: mail.idempotencyKey },
  };
}

interface NodemailerErrorLike {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
  response?: unknown;
}

/** RFC 5321: 5yz is a permanent negative reply, except 503 (bad sequence), which is about the session. */
function isPermanentCode(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

/** Maps a nodemailer error to PermanentMailError or TransientMailError, without email addresses. */
export function classifySmtpError(err: unknown): PermanentMailError | TransientMailError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as NodemailerErrorLike;
  const details: MailErrorDetails = {};
  if (typeof e.code === 'string') details.code = e.code;
  if (typeof e.responseCode === 'number') details.responseCode = e.responseCode;
  if (typeof e.command === 'string') details.command = e.command;
  const response = typeof e.response === 'string' ? redactAddresses(e.response).slice(0, 300) : '';
  const where = details.command && details.command !== 'API' ? ` at ${details.command}` : '';

  // Wrong credentials are a configuration problem, not the message's: retry once an operator fixed them.
  const authProblem = details.code === 'EAUTH' || details.code === 'ENOAUTH';
  if (details.responseCode !== undefined && isPermanentCode(details.responseCode) && !authProblem) {
    const all = details.code === 'EENVELOPE' && details.command === 'RCPT TO' ? ' (all recipients rejected)' : '';
    return new PermanentMailError(
      `SMTP server permanently rejected the message${all}${where}: ${response || details.responseCode}`,
      details,
    );
  }
  // nodemailer refused the envelope before talking to the server (e.g. a malformed address)
  if (details.code === 'EENVELOPE' && details.command === 'API') {
    return new PermanentMailError('Mail envelope is invalid (malformed sender or recipient address)', details);
  }
  const message = typeof e.message === 'string' ? redactAddresses(e.message).slice(0, 300) : 'unknown error';
  return new TransientMailError(`Sending mail failed, may be retried: ${message}`, details);
}

/**
 * nodemailer is loaded with the first message, not at start-up: mail goes out a few times a day, and
 * loading it cost every start time and memory (measured with `npm run bench`). The transport is made
 * once, on the first send; close() before any send has nothing to close.
 */
function lazyTransport<T>(make: () => Promise<Transporter<T>>) {
  let made: Promise<Transporter<T>> | undefined;
  return {
    get: () => (made ??= make()),
    async close() {
      if (made) (await made.catch(() => undefined))?.close();
    },
  };
}

function createSmtpMailer(smtpUrl: string, from: string, logger: MailerLogger | undefined): Mailer {
  let protocol: string;
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    throw new Error('SMTP_URL is not a valid URL');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://');

  // The transport class itself (not createTransport's option parsing) so that no URL parameter can
  // switch pooling on; timeouts set here may still be overridden from the URL's query string.
  const transport = lazyTransport(async () => {
    const [{ createTransport }, { default: SMTPTransport }] = await Promise.all([
      import('nodemailer'),
      import('nodemailer/lib/smtp-transport'),
    ]);
    return createTransport(
      new SMTPTransport({
        url: smtpUrl,
        connectionTimeout: SMTP_GREETING_TIMEOUT_MS,
        greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
        socketTimeout: SMTP_REPLY_TIMEOUT_MS,
        dnsTimeout: SMTP_DNS_TIMEOUT_MS,
      }),
    );
  });

  return {
    async send(mail) {
      validate(mail);
      const messageId = messageIdFor(mail.idempotencyKey);
      const transporter = await transport.get();
      let info: SMTPTransport.SentMessageInfo;
      try {
        info = await transporter.sendMail(messageOptions(from, mail, messageId));
      } catch (err) {
        throw classifySmtpError(err);
      }
      const accepted = info.accepted.map(String);
      const rejected = info.rejected.map(String);
      logger?.info({ messageId, accepted: accepted.length, rejected: rejected.length }, 'mail sent');
      return { messageId, accepted, rejected };
    },
    close: transport.close,
  };
}

function safeFilePart(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80);
  // keep distinct keys distinct even when sanitising made them look alike
  return safe === key ? safe : `${safe}-${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8)}`;
}

/** `2026-12-07T18-19-25-123Z-<key part>.eml`: the name `send` gives a file, with its key part. */
const MAIL_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(.+)\.eml$/;

function createFileMailer(from: string, mailDir: string, logger: MailerLogger | undefined): Mailer {
  const dir = path.resolve(mailDir);
  const transport = lazyTransport<StreamTransport.SentMessageInfo>(async () =>
    (await import('nodemailer')).createTransport({ streamTransport: true, buffer: true, newline: 'windows' }),
  );

  const render = async (mail: OutgoingMail): Promise<Buffer> => {
    const info = await (await transport.get()).sendMail(messageOptions(from, mail, messageIdFor(mail.idempotencyKey)));
    if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
    return info.message;
  };
  /** Write-then-rename, so that nobody watching the directory sees half a message. */
  const writeAtomically = async (file: string, source: Buffer) => {
    const tmp = `${file}.${process.pid}.tmp`;
    // A leftover from a crash could have other permissions: start afresh so that mode 0600 applies.
    await rm(tmp, { force: true });
    await writeFile(tmp, source, { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
  };

  return {
    async rewrite(file, mail) {
      validate(mail);
      await writeAtomically(file, await render(mail));
    },
    async send(mail) {
      validate(mail);
      const messageId = messageIdFor(mail.idempotencyKey);
      const source = await render(mail);
      // The messages carry personal data (addresses, the fødselsnummer): only the app's user may read them.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const timestamp = new Date().toISOString().replace(/[:.]/g, '-');
      // The name carries the idempotency key (which names the request): the retention purge finds the files by it.
      const keyPart = safeFilePart(mail.idempotencyKey);
      const file = path.join(dir, `${timestamp}-${keyPart}.eml`);
      await writeAtomically(file, source);
      // A retry is the same message (same key, same Message-ID): it replaces what an earlier attempt
      // wrote. That attempt may have died before its rewrite, leaving the fødselsnummer in its file.
      const earlier = (await readdir(dir)).filter((f) => f !== path.basename(file) && MAIL_FILE.exec(f)?.[1] === keyPart);
      await Promise.all(earlier.map((f) => rm(path.join(dir, f), { force: true })));
      logger?.info({ file }, 'mail written to file (SMTP_URL not set)');
      const accepted = [...mail.to, ...(mail.cc ?? []), ...(mail.bcc ?? [])];
      return { messageId, accepted, rejected: [], file };
    },
    close: transport.close,
  };
}

export function createMailer(opts: MailerOptions): Mailer {
  if (!opts.from?.trim()) throw new Error('MAIL_FROM is required');
  const smtpUrl = opts.smtpUrl?.trim();
  return smtpUrl
    ? createSmtpMailer(smtpUrl, opts.from, opts.logger)
    : createFileMailer(opts.from, opts.mailDir ?? './.data/mail', opts.logger);
}
