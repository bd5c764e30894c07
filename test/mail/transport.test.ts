import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMailer,
  messageIdFor,
  PermanentMailError,
  TransientMailError,
  type Mailer,
  type OutgoingMail,
} from '../../src/mail/transport.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: ['kari@leverandor.example'],
    subject: 'TT02-tilgang klar – TT02-0042',
    text: 'Hei Kari,\n\nTilgangen er klar.\n',
    html: '<!DOCTYPE html><html lang="nb"><body><p>Hei Kari,</p><p>Tilgangen er klar.</p></body></html>',
    idempotencyKey: 'confirmation:TT02-0042',
    ...overrides,
  };
}

function captureLogger() {
  const logs: { obj: object; msg: string }[] = [];
  return { logs, logger: { info: (obj: object, msg: string) => void logs.push({ obj, msg }) } };
}

describe('messageIdFor', () => {
  it('is deterministic and derived from sha256 of the key', () => {
    expect(messageIdFor('confirmation:TT02-0042')).toBe(messageIdFor('confirmation:TT02-0042'));
    expect(messageIdFor('confirmation:TT02-0042')).toMatch(/^<[0-9a-f]{32}@tt02-access>$/);
    expect(messageIdFor('a')).not.toBe(messageIdFor('b'));
    // sha256('abc') = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(messageIdFor('abc')).toBe('<ba7816bf8f01cfea414140de5dae2223@tt02-access>');
  });
});

describe('SMTP mailer', () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  const { logs, logger } = captureLogger();

  beforeEach(async () => {
    logs.length = 0;
    sink = await startSmtpSink();
    mailer = createMailer({ smtpUrl: sink.url, from: 'TT02-tilgang <noreply@brreg.example>', logger });
  });

  afterEach(async () => {
    await mailer.close();
    await sink.close();
  });

  it('delivers plain text + HTML with the deterministic Message-ID and the idempotency header', async () => {
    const sent = await mailer.send(mail({ cc: ['ops@leverandor.example'], replyTo: 'opendata@brreg.example' }));
    expect(sent.messageId).toBe(messageIdFor('confirmation:TT02-0042'));
    expect(sent.accepted).toEqual(['kari@leverandor.example', 'ops@leverandor.example']);
    expect(sent.rejected).toEqual([]);
    expect(sent.file).toBeUndefined();

    const [msg] = await sink.waitForMessages(1);
    expect(msg?.envelope.to).toEqual(['kari@leverandor.example', 'ops@leverandor.example']);
    expect(msg?.envelope.from).toBe('noreply@brreg.example');
    expect(msg?.parsed.messageId).toBe(sent.messageId);
    expect(msg?.parsed.headers.get('x-tt02-idempotency-key')).toBe('confirmation:TT02-0042');
    expect(msg?.parsed.subject).toBe('TT02-tilgang klar – TT02-0042');
    expect(msg?.parsed.text).toContain('Tilgangen er klar.');
    expect(msg?.parsed.html).toContain('<p>Tilgangen er klar.</p>');
    expect(msg?.raw).toMatch(/multipart\/alternative/i);
    expect(msg?.parsed.replyTo?.text).toBe('opendata@brreg.example');

    expect(logs).toHaveLength(1);
    expect(JSON.stringify(logs)).not.toContain('@leverandor');
  });

  it('sends the same Message-ID again for the same key', async () => {
    const a = await mailer.send(mail());
    const b = await mailer.send(mail());
    const msgs = await sink.waitForMessages(2);
    expect(a.messageId).toBe(b.messageId);
    expect(msgs.map((m) => m.parsed.messageId)).toEqual([a.messageId, a.messageId]);
  });

  it('throws PermanentMailError, without addresses in the message, when the only recipient is rejected (5xx)', async () => {
    sink.rejectRecipient('kari@leverandor.example');
    const err = await mailer.send(mail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentMailError);
    const perm = err as PermanentMailError;
    expect(perm.responseCode).toBe(550);
    expect(perm.message).toMatch(/550/);
    expect(perm.message).not.toContain('@');
    expect(sink.messages).toHaveLength(0);
  });

  it('reports a partially rejected delivery without failing', async () => {
    sink.rejectRecipient('gone@leverandor.example');
    const sent = await mailer.send(mail({ to: ['kari@leverandor.example', 'gone@leverandor.example'] }));
    expect(sent.accepted).toEqual(['kari@leverandor.example']);
    expect(sent.rejected).toEqual(['gone@leverandor.example']);
    await sink.waitForMessages(1);
  });

  it('throws a transient error on a temporary (4xx) failure', async () => {
    sink.setDown(true);
    const err = await mailer.send(mail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(TransientMailError);
    expect(err).not.toBeInstanceOf(PermanentMailError);
    expect((err as TransientMailError).responseCode).toBe(451);
  });

  it('refuses a mail without recipients as permanent', async () => {
    await expect(mailer.send(mail({ to: [] }))).rejects.toBeInstanceOf(PermanentMailError);
  });

  it('throws a transient error when the server is down (connection refused)', async () => {
    await sink.close();
    const err = await mailer.send(mail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentMailError);
    expect((err as Error).message).toMatch(/ECONNREFUSED|connect/i);
    // afterEach closes the sink again; smtp-server tolerates that
    sink = await startSmtpSink();
  });
});

describe('file mailer (no SMTP_URL)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tt02-mail-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a parseable .eml file and logs only its path', async () => {
    const { logs, logger } = captureLogger();
    const mailDir = path.join(dir, 'nested', 'mail');
    const mailer = createMailer({ from: 'noreply@brreg.example', mailDir, logger });
    const sent = await mailer.send(mail({ idempotencyKey: 'confirmation:TT02-0042/../x' }));
    await mailer.close();

    expect(sent.accepted).toEqual(['kari@leverandor.example']);
    expect(sent.rejected).toEqual([]);
    expect(sent.messageId).toBe(messageIdFor('confirmation:TT02-0042/../x'));
    expect(sent.file).toBeDefined();
    const file = sent.file ?? '';
    expect(path.dirname(file)).toBe(mailDir);
    expect(path.basename(file)).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-confirmation_TT02-0042_x-[0-9a-f]{8}\.eml$/);
    expect(await readdir(mailDir)).toEqual([path.basename(file)]);

    const parsed = await simpleParser(await readFile(file));
    expect(parsed.messageId).toBe(sent.messageId);
    expect(parsed.headers.get('x-tt02-idempotency-key')).toBe('confirmation:TT02-0042/../x');
    expect(parsed.subject).toBe('TT02-tilgang klar – TT02-0042');
    expect(parsed.text).toContain('Tilgangen er klar.');
    expect(parsed.html).toContain('<p>Tilgangen er klar.</p>');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('kari@leverandor.example');

    expect(logs).toEqual([{ obj: { file }, msg: expect.any(String) }]);
    expect(JSON.stringify(logs)).not.toContain('@');
  });

  it('keeps a simple key as the file name', async () => {
    const mailer = createMailer({ from: 'noreply@brreg.example', mailDir: dir });
    const sent = await mailer.send(mail({ idempotencyKey: 'req-42_confirmation' }));
    expect(path.basename(sent.file ?? '')).toMatch(/Z-req-42_confirmation\.eml$/);
  });
});
