import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overdueSentToAltinn } from '../../src/app/altinnBatch.js';
import { enqueueMonthlySummaryIfDue } from '../../src/app/monthlySummary.js';
import { runRetention } from '../../src/app/retention.js';
import { loadConfig } from '../../src/config.js';
import { outbox, requestEvents } from '../../src/db/schema.js';
import { formatReference } from '../../src/domain/reference.js';
import { generate } from '../support/fnr.js';
import { STAFF, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { viewSubmissionPayload } from '../support/slackRequests.js';
import { advanceToFnrRegistered, allText, awaitCard, eventsOf, fileAndAwaitCard, reload } from '../support/triage.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const DM = `D${STAFF}`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Splits our CSV (RFC 4180; quoted fields may hold commas). */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

const command = (text: string, user = STAFF, channel = TRIAGE) =>
  h.send.command({ command: '/tt02-access', text, user_id: user, channel_id: channel, team_id: user === STAFF ? 'THOST' : 'TVENDOR01' });
const ackText = (res: { body: unknown }) => (res.body as { text?: string }).text ?? '';

describe('the Altinn batch', () => {
  it('lists the waiting requests, uploads one CSV without personal data, and marks each "sent to Altinn" on its card', async () => {
    const delegation = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const fictitious = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });

    const opened = h.slack.callsOf('views.update').length;
    const res = await command('altinn');
    expect(res.status).toBe(200);
    const filled = await h.slack.waitForNew('views.update', opened, (a) => allText(a.view).includes('multi_static_select'));
    const view = filled.args.view as { blocks: { element?: { options?: { value: string; text: { text: string } }[] } }[] };
    const options = view.blocks.flatMap((b) => b.element?.options ?? []);
    expect(options.map((o) => o.value)).toEqual(expect.arrayContaining([delegation.id, fictitious.id]));
    expect(options.find((o) => o.value === delegation.id)?.text.text).toContain(formatReference(delegation.number));

    // A slow upload: the "Altinn confirmed all" message must still come under the list, not above it.
    h.slack.failNext('files.completeUploadExternal', { delayMs: 1500 });
    const submitted = await h.send.interactive(
      viewSubmissionPayload({
        user: { id: STAFF, team_id: 'THOST' },
        view: {
          id: String(filled.args.view_id),
          callback_id: 'altinn_batch',
          private_metadata: JSON.stringify({ locale: 'nb' }),
          state: {
            values: {
              altinn_requests: {
                altinn_requests: { type: 'multi_static_select', selected_options: [{ value: delegation.id }, { value: fictitious.id }] },
              },
            },
          },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');

    const file = await h.slack.waitForFile((f) => f.channel === TRIAGE && f.filename.endsWith('.csv'));
    const csv = parseCsv(file.bytes.toString('utf8'));
    expect(csv[0]).toEqual(['reference', 'access_type', 'vendor_org_number', 'vendor_org_name', 'customer_org_number', 'customer_org_name', 'fictitious_org_number']);
    const byRef = new Map(csv.slice(1).map((r) => [r[0], r]));
    expect(byRef.get(formatReference(delegation.number))).toEqual([
      formatReference(delegation.number),
      'customer_delegation',
      delegation.vendorOrgNumber,
      delegation.vendorOrgName,
      delegation.customerOrgNumber,
      delegation.customerOrgName,
      '',
    ]);
    expect(byRef.get(formatReference(fictitious.number))?.[1]).toBe('fictitious_enterprise');
    // No contact person, email or phone number in the list.
    const content = file.bytes.toString('utf8');
    for (const personal of [delegation.contactEmail, delegation.contactPhone, delegation.contactName, delegation.customerEmail!, delegation.customerPhone!]) {
      expect(content).not.toContain(personal);
    }
    expect(file.initialComment).toContain(`<@${STAFF}>`);

    // Each request: a sent_to_altinn event, a line on the card, and still waiting for the Altinn step.
    for (const r of [delegation, fictitious]) {
      expect((await eventsOf(h, r)).map((e) => e.kind)).toContain('sent_to_altinn');
      await awaitCard(h, r, (c) => c.includes('Sendt til Altinn'));
      expect((await reload(h, r)).status).toBe('submitted');
    }

    // Altinn confirms the list: one click records the step for the customer delegation; the
    // fictitious enterprise needs its organisation number from its card.
    const message = await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && allText(a.blocks).includes('altinn_batch_confirm'));
    const listPosted = h.slack.calls.findIndex((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === TRIAGE && !c.failed);
    expect(listPosted).toBeGreaterThanOrEqual(0);
    expect(h.slack.calls.indexOf(message)).toBeGreaterThan(listPosted);
    const button = (message.args.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? [])[0]!;
    const { blockActionPayload } = await import('../support/slackRequests.js');
    await h.send.interactive(
      blockActionPayload({
        user: { id: STAFF, team_id: 'THOST' },
        channel: TRIAGE,
        message: { ts: String(message.response.ts) },
        action: { action_id: button.action_id, block_id: 'altinn_batch', value: button.value },
      }),
    );
    await h.slack.waitFor('chat.postEphemeral', (a) => a.user === STAFF && String(a.text).includes('Altinn-steget er registrert for 1 bestilling. 1 bestilling ble hoppet over: den hadde gått videre, eller er en fiktiv virksomhet'));
    expect((await reload(h, delegation)).status).toBe('altinn_done');
    expect((await reload(h, fictitious)).status).toBe('submitted');
    await awaitCard(h, delegation, (c) => c.includes('card_register_fnr'));

    // The digest's question: which sent requests still wait after more than 2 working days?
    const later = new Date(Date.now() + 7 * 24 * 3600_000);
    const overdue = await overdueSentToAltinn({ db: h.db.database.db }, { thresholdWorkingDays: 2, now: later });
    expect(overdue.map((o) => o.id)).toContain(fictitious.id);
    expect(overdue.map((o) => o.id)).not.toContain(delegation.id);
    expect(await overdueSentToAltinn({ db: h.db.database.db }, { thresholdWorkingDays: 2, now: new Date() })).toEqual([]);
  });

  it('refuses non-staff and audits the attempt', async () => {
    const res = await command('altinn', VENDOR_USER, VENDOR_CHANNEL);
    expect(ackText(res)).toContain('Bare Brønnøysundregistrenes saksbehandlere');
    const denied = await h.db.database.db.select().from(requestEvents).where(and(eq(requestEvents.kind, 'denied'), eq(requestEvents.actorUserId, VENDOR_USER)));
    expect(denied.map((d) => (d.details as { action: string }).action)).toContain('altinn');
  });
});

describe('/tt02-access report', () => {
  it('sends the period CSV and a PNG chart in a direct message, with no contact details unless asked', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const res = await command('report');
    expect(ackText(res)).toContain('kommer straks i en direktemelding');

    const csvFile = await h.slack.waitForFile((f) => f.channel === DM && f.filename.endsWith('.csv'));
    const csv = parseCsv(csvFile.bytes.toString('utf8'));
    expect(csv[0]).toEqual([
      'reference', 'access_type', 'status', 'assignee', 'submitted', 'sent_to_altinn', 'altinn_done', 'fnr_registered',
      'completed', 'rejected', 'withdrawn', 'rejection_reason', 'feedback', 'feedback_comment',
    ]);
    const row = csv.find((x) => x[0] === formatReference(r.number))!;
    expect(row.slice(1, 3)).toEqual(['customer_delegation', 'submitted']);
    expect(row[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(csvFile.bytes.toString('utf8')).not.toContain(r.contactEmail);

    const png = await h.slack.waitForFile((f) => f.channel === DM && f.filename.endsWith('.png'));
    expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // Width and height from the IHDR chunk: a real picture, not a stub.
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(300);
    expect(png.bytes.length).toBeGreaterThan(10_000);
  });

  it('includes contact details only when asked, and audits that they were', async () => {
    const before = h.slack.files.size;
    const res = await command('report 2026 with-contacts');
    expect(ackText(res)).toContain('At du ba om kontaktopplysninger er logget');
    const csvFile = await h.slack.waitForFile((f) => f.channel === DM && f.filename === 'tt02-report-2026.csv' && Number(f.id.slice(1)) > before);
    const csv = parseCsv(csvFile.bytes.toString('utf8'));
    expect(csv[0]?.slice(-5)).toEqual(['contact_name', 'contact_email', 'contact_phone', 'customer_email', 'customer_phone']);
    expect(csv.slice(1).some((r) => r.includes(DELEGATION.contact_email ?? ''))).toBe(true);
    const audited = await h.db.database.db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.kind, 'report_with_contacts'), isNull(requestEvents.requestId)));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorUserId: STAFF, details: { period: '2026' } });
  });

  it('explains a period it does not understand, in the user’s language', async () => {
    const res = await command('report 2026-13');
    expect(ackText(res)).toContain('Jeg forstår ikke perioden «2026-13»');
    expect(ackText(res)).toContain('last-month');
  });
});

describe('/tt02-access export', () => {
  it('sends a plain-text archive record with every event, actor and time, and only the kind of fødselsnummer', async () => {
    const fnr = generate('158190');
    const filed = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, filed, STAFF, fnr);
    expect(r.status).toBe('fnr_registered');
    const ref = formatReference(r.number);

    const res = await command(`export ${ref}`);
    expect(ackText(res)).toContain(`Arkivdokumentet for ${ref}`);
    const file = await h.slack.waitForFile((f) => f.channel === DM && f.filename === `${ref}.txt`);
    const record = file.bytes.toString('utf8');
    expect(record).toContain(`Arkivdokument for ${ref}`);
    for (const label of ['Mottatt', 'Altinn-steget er gjort', 'Fødselsnummer registrert']) expect(record).toContain(label);
    expect(record).toContain(STAFF);
    expect(record).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(record).toContain('registrert (syntetisk testnummer)');
    expect(record).not.toContain(fnr);
    expect(record).not.toContain(r.contactEmail);
    expect(record).not.toContain(r.contactPhone);
    // Who took a copy of the record is audited, and shown on the card.
    const exported = (await eventsOf(h, r)).filter((e) => e.kind === 'exported');
    expect(exported.map((e) => e.actorUserId)).toEqual([STAFF]);
    await awaitCard(h, r, (c) => c.includes('Arkivdokument laget'));
  });

  it('says so when the reference names no request', async () => {
    expect(ackText(await command('export TT02-9999'))).toContain('Jeg finner ingen bestilling med referansen TT02-9999');
    expect(ackText(await command('export'))).toContain('/tt02-access export TT02-0042');
  });
});

describe('the monthly summary', () => {
  it('is queued once on the first working day after 09:00 Oslo, even by two instances, and posted with the chart', async () => {
    const ports = { db: h.db.database.db, outboxNotify: () => h.server.worker!.kick() };
    const at = (iso: string) => new Date(iso);
    // Tuesday 1 December 2026 is the first working day; 08:59 Oslo is 07:59 UTC.
    expect(await enqueueMonthlySummaryIfDue(ports, at('2026-12-01T07:59:00Z'))).toBe(false);
    expect(await enqueueMonthlySummaryIfDue(ports, at('2026-12-02T08:30:00Z'))).toBe(false);
    // Two instances' checks, at the same time and a little apart.
    await Promise.all([
      enqueueMonthlySummaryIfDue(ports, at('2026-12-01T08:01:00Z')),
      enqueueMonthlySummaryIfDue(ports, at('2026-12-01T08:01:30Z')),
      enqueueMonthlySummaryIfDue(ports, at('2026-12-01T08:01:00Z')),
    ]);

    const rows = await h.db.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'monthly-summary:2026-11'));
    expect(rows).toHaveLength(1);
    const posted = await h.slack.waitForFile((f) => f.channel === TRIAGE && f.filename === 'tt02-2026-11.png');
    expect(posted.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(posted.initialComment).toContain('Månedsoppsummering for 2026-11');
    expect(posted.initialComment).toContain('Mottatt: ');
    expect(posted.initialComment).toContain('Mottatt → fullført');
    // The summary is counts only: nothing about who.
    expect(posted.initialComment).not.toMatch(/@|\+47/);
    expect(h.slack.callsOf('files.completeUploadExternal').filter((c) => allText(c.args).includes('tt02-2026-11.png'))).toHaveLength(1);
  });
});

/** The outbox row with this dedupe key once the worker has finished with it (done or given up). */
async function awaitFinished(dedupeKey: string) {
  const events = h.server.worker!.events;
  for (;;) {
    let wake: () => void = () => undefined;
    const next = new Promise<void>((resolve) => (wake = resolve));
    events.once('delivered', wake);
    events.once('failed', wake);
    const [row] = await h.db.database.db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey));
    if (row && row.status !== 'pending') {
      events.off('delivered', wake);
      events.off('failed', wake);
      return row;
    }
    await next;
  }
}

describe('the files staff get, once RETENTION_DAYS have passed', () => {
  it('deletes report CSVs and archive records from Slack through the outbox; the chart stays', async () => {
    const filed = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const ref = formatReference(filed.number);
    await command('report 2025 with-contacts');
    const withContacts = await h.slack.waitForFile((f) => f.channel === DM && f.filename === 'tt02-report-2025.csv');
    await command('report 2025-06');
    const without = await h.slack.waitForFile((f) => f.channel === DM && f.filename === 'tt02-report-2025-06.csv');
    const chart = await h.slack.waitForFile((f) => f.channel === DM && f.filename === 'tt02-report-2025-06.png');
    await command(`export ${ref}`);
    const record = await h.slack.waitForFile((f) => f.channel === DM && f.filename === `${ref}.txt`);
    const uploads = await h.db.database.db
      .select()
      .from(outbox)
      .where(
        sql`${outbox.payload} -> 'period' ->> 'label' in ('2025', '2025-06') or (${outbox.kind} = 'slack.file.export' and ${outbox.payload} ->> 'requestId' = ${filed.id})`,
      );
    expect(uploads).toHaveLength(3);
    for (const u of uploads) await awaitFinished(u.dedupeKey);

    const ports = { db: h.db.database.db, outboxNotify: () => h.server.worker!.kick() };
    const retention = { retentionDays: 90, mailDir: loadConfig(h.env).mail.dir };
    // Not before its time.
    expect((await runRetention(ports, { ...retention, now: new Date(Date.now() + 89 * 86_400_000) })).slackFilesDeleted).toBe(0);
    expect(h.slack.files.has(withContacts.id)).toBe(true);

    const run = await runRetention(ports, { ...retention, now: new Date(Date.now() + 91 * 86_400_000) });
    expect(run.slackFilesDeleted).toBeGreaterThanOrEqual(3);
    for (const file of [withContacts, without, record]) {
      const deletion = await awaitFinished(`file-delete:${file.id}`);
      expect(deletion).toMatchObject({ kind: 'slack.file.delete', status: 'done' });
      expect(h.slack.files.has(file.id)).toBe(false);
    }
    // Counts only: nothing personal, so nothing to delete.
    expect(h.slack.files.has(chart.id)).toBe(true);
    expect(h.slack.callsOf('files.delete').map((c) => c.args.file)).not.toContain(chart.id);

    // A second run queues nothing again.
    expect((await runRetention(ports, { ...retention, now: new Date(Date.now() + 92 * 86_400_000) })).slackFilesDeleted).toBe(0);
  });
});
