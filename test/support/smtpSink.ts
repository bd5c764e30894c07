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

export interface FinalDotHold {
  /** Resolves once the server holds the answer to a matching message's final dot. */
  readonly held: Promise<{ message: SinkMessage; clientPort: number }>;
  /** Resolves if the client's connection closed while the answer was held. */
  readonly dropped: Promise<void>;
  /** Answers now (250). */
  release(): void;
}

export interface HoldOptions {
  /**
   * True: the message is kept (recorded) when its final dot arrives, before the answer, as a real
   * server that is slow to answer but has already stored the message. False: it is kept only
   * when the answer goes out, so a connection that closes meanwhile loses it.
   */
  keep: boolean;
  /** Answer this long after the final dot (default: only on release()). */
  answerAfterMs?: number;
  match?: (m: SinkMessage) => boolean;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly messages: SinkMessage[];
  /** Resolves with the first n messages once at least n have arrived. */
  waitForMessages(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Resolves with the first message, already here or yet to come, that satisfies `pred`. */
  awaitMessage(pred: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  /** While down, MAIL FROM and DATA get `451` (temporary); nothing is recorded. */
  setDown(down: boolean): void;
  /** RCPT TO for this address (case-insensitive) gets a permanent `550`. */
  rejectRecipient(address: string): void;
  clearRejections(): void;
  /** Holds the answer to the final dot of the next matching message (RFC 5321 allows 10 minutes). */
  holdFinalDot(opts: HoldOptions): FinalDotHold;
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
  interface PendingHold {
    opts: HoldOptions;
    onHeld: (v: { message: SinkMessage; clientPort: number }) => void;
    onDropped: () => void;
    answer?: () => void;
    timer?: NodeJS.Timeout;
  }
  const holds: PendingHold[] = [];
  /** Holds in progress, by SMTP session id (to notice a client that goes away). */
  const holding = new Map<string, PendingHold>();

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
    onClose(session) {
      const hold = holding.get(session.id);
      if (!hold) return;
      holding.delete(session.id);
      clearTimeout(hold.timer);
      hold.onDropped();
    },
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
            const keep = () => {
              messages.push(msg);
              notify();
            };
            const at = holds.findIndex((h) => !h.opts.match || h.opts.match(msg));
            const hold = at >= 0 ? holds.splice(at, 1)[0] : undefined;
            if (!hold) {
              keep();
              callback(null, `OK: queued as ${messages.length}`);
              return;
            }
            if (hold.opts.keep) keep();
            holding.set(session.id, hold);
            hold.answer = () => {
              if (!holding.delete(session.id)) return;
              clearTimeout(hold.timer);
              if (!hold.opts.keep) keep();
              callback(null, `OK: queued as ${messages.length}`);
            };
            if (hold.opts.answerAfterMs !== undefined) hold.timer = setTimeout(hold.answer, hold.opts.answerAfterMs);
            hold.onHeld({ message: msg, clientPort: session.remotePort });
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
    waitForMessages(n, timeoutMs = 15_000) {
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
    awaitMessage(pred, timeoutMs = 15_000) {
      const found = messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<SinkMessage>((resolve, reject) => {
        const check = (): void => {
          const m = messages.find(pred);
          if (!m) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`smtpSink.awaitMessage timed out after ${timeoutMs}ms with ${messages.length} message(s)`));
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
    holdFinalDot(opts) {
      let onHeld!: PendingHold['onHeld'];
      let onDropped!: () => void;
      const held = new Promise<{ message: SinkMessage; clientPort: number }>((r) => (onHeld = r));
      const dropped = new Promise<void>((r) => (onDropped = r));
      const hold: PendingHold = { opts, onHeld, onDropped };
      holds.push(hold);
      return { held, dropped, release: () => hold.answer?.() };
    },
    reset() {
      messages.length = 0;
    },
    close() {
      for (const h of holding.values()) clearTimeout(h.timer);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
