/**
 * In-process SMTP server capturing mail for tests (no TLS, auth optional),
 * with fault controls for transient (4xx) and permanent (5xx) failures.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SinkMessage {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
  messageId?: string;
}

export interface SmtpSinkOptions {
  /** Reject messages larger than this many bytes (552). */
  size?: number;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly messages: SinkMessage[];
  /** Resolves with the first n messages once at least n have arrived. */
  waitForMessages(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** While down, MAIL FROM and DATA get `451` (temporary); nothing is recorded. */
  setDown(down: boolean): void;
  /** RCPT TO for this address (case-insensitive) gets a permanent `550`. */
  rejectRecipient(address: string): void;
  clearRejections(): void;
  /** Clears messages (not fault settings). */
  reset(): void;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const rejected = new Set<string>();
  const waiters = new Set<() => void>();
  let down = false;

  const notify = (): void => {
    for (const w of [...waiters]) w();
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    ...(opts.size !== undefined ? { size: opts.size } : {}),
    onMailFrom(_address: SMTPServerAddress, _session, callback) {
      if (down) return callback(smtpError('Requested action aborted: local error in processing (sink is down)', 451));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        return callback(smtpError(`Mailbox unavailable: ${address.address} rejected`, 550));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e: Error) => callback(e));
      stream.on('end', () => {
        if (down) {
          callback(smtpError('Requested action aborted: local error in processing (sink is down)', 451));
          return;
        }
        const rawBuf = Buffer.concat(chunks);
        simpleParser(rawBuf)
          .then((parsed) => {
            const mailFrom = session.envelope.mailFrom;
            const msg: SinkMessage = {
              envelope: {
                from: mailFrom ? mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              parsed,
              raw: rawBuf.toString('utf8'),
            };
            if (parsed.messageId !== undefined) msg.messageId = parsed.messageId;
            messages.push(msg);
            notify();
            callback(null, `OK: queued as ${messages.length}`);
          })
          .catch((e: unknown) => callback(smtpError(`parse failed: ${String(e)}`, 554)));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // keep later errors (e.g. client resets) from crashing the test process
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    messages,
    waitForMessages(n, timeoutMs = 5000) {
      if (messages.length >= n) return Promise.resolve(messages.slice(0, n));
      return new Promise<SinkMessage[]>((resolve, reject) => {
        const check = (): void => {
          if (messages.length >= n) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(messages.slice(0, n));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = messages.map((m) => `  ${m.envelope.to.join(',')}: ${m.parsed.subject ?? '(no subject)'}`).join('\n');
          reject(new Error(`smtpSink.waitForMessages(${n}) timed out after ${timeoutMs}ms with ${messages.length} message(s)${got ? `:\n${got}` : ''}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    setDown(value) {
      down = value;
    },
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    clearRejections() {
      rejected.clear();
    },
    reset() {
      messages.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
