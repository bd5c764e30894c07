/**
 * The staff tools in Teams (issue 26, "The queue and the tools"): what staff see in their personal chat
 * with the bot and as @mentions in the triage channel, their files through the file consent card, and
 * what anyone else sees. Everything through the real endpoint (signed activities) and the fake Bot
 * Connector; assertions on the cards, attachments, uploaded bytes and rows.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effect, EFFECT } from '../../src/app/effects.js';
import { claimRequest } from '../../src/app/staffSteps.js';
import { enqueue } from '../../src/db/repositories/outbox.js';
import { submitRequest } from '../../src/app/submitRequest.js';
import { requestEvents, requests, teamsPeople } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeTeams, type ConnectorCall, type FakeTeams } from '../support/fakeTeams.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import {
  APP_ID,
  COLLEAGUE,
  GROUP_STAFF,
  GROUP_STAFF_2,
  OTHER_TENANT_ID,
  PASSWORD,
  STAFF_A,
  STAFF_B,
  STAFF_GROUP,
  TENANT_ID,
  TRIAGE_CONVERSATION,
  activityFrom,
  messageFrom,
  personalChatOf,
  postActivity,
  startTeamsTools,
  type Person,
  type TeamsToolsInstance,
  type Where,
} from '../support/teamsTools.js';

type Card = { type: string; body?: unknown[]; actions?: unknown[] };
type Attachment = { contentType: string; name?: string; content: Record<string, unknown>; contentUrl?: string };

let fake: FakeTeams;
let db: TestDatabase;
let app: TeamsToolsInstance;
/** TT02 numbers: claimed by STAFF_A (fictitious), unassigned (delegation). */
let mine: { id: string; number: number };
let unassigned: { id: string; number: number };

const ref = (n: number) => `TT02-${String(n).padStart(4, '0')}`;
const PERSONAL: Where = { personal: true };
const CHANNEL: Where = { channel: `${TRIAGE_CONVERSATION};messageid=1700000000001` };

async function file(fields: typeof FICTITIOUS, vendorName: string): Promise<{ id: string; number: number }> {
  const r = await submitRequest(app.ports, {
    input: { ...fields, vendor_org_number: freshOrgNumber(), vendor_org_name: vendorName },
    submissionKey: randomUUID(),
    requester: { userId: 'UVENDOR01', teamId: 'TVENDOR01' },
    channelId: 'CVENDOR01',
    locale: 'nb',
  });
  if (r.kind !== 'created') throw new Error(`not filed: ${r.kind}`);
  return r.request;
}

beforeAll(async () => {
  fake = await startFakeTeams({ appId: APP_ID, appPassword: PASSWORD, tenantId: TENANT_ID, groups: { [STAFF_GROUP]: [GROUP_STAFF.aad, GROUP_STAFF_2.aad] } });
  db = await openTestDatabase();
  app = await startTeamsTools({ fake, database: db.database });
  mine = await file(FICTITIOUS, 'Mine Regnskap AS');
  unassigned = await file(DELEGATION, 'Ledig Lønn AS');
  const claimed = await claimRequest(app.ports, { requestId: mine.id, actor: { userId: STAFF_A.aad, teamId: TENANT_ID }, expectedAssignee: null });
  expect(claimed.kind).toBe('ok');
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await fake?.close();
});

/** Sends a message and waits for the bot's answer in that conversation (after `since` calls). */
async function ask(who: Person, where: Where, text: string, o: { tenant?: string; locale?: string } = {}): Promise<ConnectorCall> {
  const since = fake.connectorCalls.length;
  const activity = messageFrom(fake, who, where, text, o);
  const conversationId = (activity.conversation as { id: string }).id;
  const answer = await postActivity(fake, app, activity);
  expect(answer.status).toBe(200);
  // Not a delivery of an earlier request's files that lands meanwhile (the chart, a consent or file card).
  const delivery = (c: ConnectorCall) => /data:image\/png|card\.file\./.test(JSON.stringify(c.activity));
  return fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= since && c.method === 'POST' && c.conversationId === conversationId && !delivery(c));
}

const attachmentsOf = (c: ConnectorCall) => (c.activity.attachments ?? []) as Attachment[];
const cardOf = (c: ConnectorCall) => attachmentsOf(c).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')!.content as unknown as Card;
/** Every text on a card, in order. */
const textOf = (x: unknown): string => JSON.stringify(x).replace(/\\n/g, '\n');
/** The Action.Execute buttons anywhere on a card. */
function executes(x: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(x);
  return out;
}

async function deniedEvents(userId: string) {
  return db.database.db.select().from(requestEvents).where(and(eq(requestEvents.kind, 'denied'), eq(requestEvents.actorUserId, userId)));
}

describe('the queue in the personal chat', () => {
  it('"queue" shows Home\'s sections, each row with its facts, Claim on the unassigned with the triage card\'s claim step', async () => {
    const answer = await ask(STAFF_A, PERSONAL, 'queue');
    expect(answer.targeted).toBe(false);
    const card = cardOf(answer);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = textOf(card);
    for (const section of ['Mine** (1)', 'Ikke tildelt** (1)', 'Venter på leverandøren** (0)', 'Venter på Altinn-steget** (2)', 'Venter på fødselsnummer** (0)', 'Nylig avsluttet** (0)']) {
      expect(text).toContain(section);
    }
    expect(text).toContain(`**${ref(mine.number)}** · Mine Regnskap AS`);
    // The assignee by name (the app met STAFF_A with this message), never a contact's details.
    expect(text).toContain(STAFF_A.name);
    expect(text).not.toContain('kari@');
    // Claim only on the unassigned request (under Unassigned and under Waiting for the Altinn step, as on Home), and Home's "List for Altinn".
    const buttons = executes(card);
    const claim = expect.objectContaining({ title: 'Ta saken', verb: 'card_claim', data: { r: unassigned.id, s: 'submitted', x: '', action: 'tools_queue_claim' } });
    expect(buttons).toEqual([
      claim,
      claim,
      expect.objectContaining({ title: 'Liste til Altinn', verb: 'tools_altinn_open', data: { action: 'tools_altinn_open' } }),
    ]);
    // The button opens the list's picker in the queue's place.
    const opened = await postActivity(
      fake,
      app,
      activityFrom(fake, STAFF_A, PERSONAL, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'tools_altinn_open', data: { action: 'tools_altinn_open' } }, trigger: 'manual' } }),
    );
    expect(opened.body).toMatchObject({ statusCode: 200, value: { type: 'AdaptiveCard', body: expect.arrayContaining([expect.objectContaining({ type: 'Input.ChoiceSet', isMultiSelect: true })]) } });
  });

  it('"kø" is the same command in Norwegian, and an English Teams gets the English card', async () => {
    const card = cardOf(await ask(STAFF_B, PERSONAL, 'kø', { locale: 'en-GB' }));
    const text = textOf(card);
    expect(text).toContain('Mine** (0)');
    expect(text).toContain('Unassigned** (1)');
    expect(text).not.toContain('Ikke tildelt');
  });

  it('the person and their personal chat are remembered from the first message', async () => {
    const [row] = await db.database.db.select().from(teamsPeople).where(eq(teamsPeople.aadObjectId, STAFF_A.aad));
    expect(row).toMatchObject({ teamsUserId: STAFF_A.id, name: STAFF_A.name, tenantId: TENANT_ID, personalConversationId: personalChatOf(STAFF_A), locale: 'nb' });
  });

  it('installing the app in a personal chat remembers the person and the chat, before they write anything', async () => {
    const newcomer: Person = { aad: 'cccccccc-0000-0000-0000-000000000004', id: '29:newcomer', name: 'Nina Ny' };
    const install = activityFrom(fake, newcomer, PERSONAL, { type: 'installationUpdate', action: 'add' }, TENANT_ID, 'en-US');
    expect((await postActivity(fake, app, install)).status).toBe(200);
    const [row] = await db.database.db.select().from(teamsPeople).where(eq(teamsPeople.aadObjectId, newcomer.aad));
    expect(row).toMatchObject({ teamsUserId: newcomer.id, name: 'Nina Ny', personalConversationId: personalChatOf(newcomer), locale: 'en' });
  });
});

describe('find, help and refusals', () => {
  it('"find" by name as an @mention in the triage channel answers only the asker (a targeted message), each match with its status', async () => {
    const answer = await ask(STAFF_A, CHANNEL, 'find ledig lønn');
    expect(answer.targeted).toBe(true);
    expect(answer.activity.recipient).toMatchObject({ id: STAFF_A.id, isTargeted: true });
    const text = textOf(cardOf(answer));
    expect(text).toContain(ref(unassigned.number));
    expect(text).toContain('Ledig Lønn AS');
    expect(text).not.toContain(ref(mine.number));
  });

  it('"finn" with nothing to find says how to use it', async () => {
    expect(textOf(cardOf(await ask(STAFF_A, PERSONAL, 'finn')))).toContain('Skriv `finn` og en referanse');
  });

  it('"help" lists the commands for staff; a word the app does not know says so, with the list', async () => {
    expect(textOf(cardOf(await ask(STAFF_A, PERSONAL, 'hjelp')))).toContain('`kø` (`queue`)');
    const unknown = textOf(cardOf(await ask(STAFF_A, PERSONAL, 'blabla')));
    expect(unknown).toContain('Jeg kjenner ikke kommandoen «blabla»');
    expect(unknown).toContain('`finn <referanse');
  });

  it('someone not staff is refused in their own chat, and the attempt is audited; "help" only tells them what the app is', async () => {
    const refused = await ask(COLLEAGUE, PERSONAL, 'queue');
    expect(textOf(cardOf(refused))).toContain('Bare saksbehandlere i Brønnøysundregistrene kan gjøre dette');
    expect(textOf(cardOf(refused))).not.toContain(ref(unassigned.number));
    expect(await deniedEvents(COLLEAGUE.aad)).toEqual([
      expect.objectContaining({ requestId: null, actorTeamId: TENANT_ID, details: { action: 'queue', reason: 'not_staff', channelId: personalChatOf(COLLEAGUE) } }),
    ]);
    expect(textOf(cardOf(await ask(COLLEAGUE, PERSONAL, 'help')))).toContain('Denne appen brukes av saksbehandlerne');
    expect(await deniedEvents(COLLEAGUE.aad)).toHaveLength(1);
  });

  it('a staff member\'s Entra id from another tenant is never staff: refused, audited', async () => {
    const refused = await ask(STAFF_B, PERSONAL, 'find ledig', { tenant: OTHER_TENANT_ID });
    expect(textOf(cardOf(refused))).toContain('Brønnøysundregistrenes egen organisasjon');
    expect((await deniedEvents(STAFF_B.aad)).map((e) => e.details)).toContainEqual(expect.objectContaining({ action: 'find', reason: 'other_tenant' }));
  });

  it('a member of the staff group (asked of Graph) is staff; while Graph fails, the tools refuse and say the check could not be made', async () => {
    expect(textOf(cardOf(await ask(GROUP_STAFF, PERSONAL, 'finn ledig')))).toContain(ref(unassigned.number));
    fake.graphMode = 'fail';
    try {
      const refused = textOf(cardOf(await ask(GROUP_STAFF_2, PERSONAL, 'finn ledig')));
      expect(refused).toContain('Vi fikk ikke sjekket om du er saksbehandler');
      expect(refused).not.toContain(ref(unassigned.number));
      expect((await deniedEvents(GROUP_STAFF_2.aad)).map((e) => e.details)).toEqual([expect.objectContaining({ action: 'find', reason: 'staff_check_failed' })]);
    } finally {
      fake.graphMode = 'ok';
    }
  });

  it('with triage in Slack, the Teams tools send staff to Slack (their files and reminders go to Slack users)', async () => {
    const slackTriage = await startTeamsTools({ fake, database: db.database, env: { TEAMS_TRIAGE_CONVERSATION_ID: '' } });
    try {
      const since = fake.connectorCalls.length;
      expect((await postActivity(fake, slackTriage, messageFrom(fake, STAFF_A, PERSONAL, 'report'))).status).toBe(200);
      const answer = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= since && c.conversationId === personalChatOf(STAFF_A) && textOf(c.activity).includes('Slack'));
      expect(textOf(cardOf(answer))).toContain('Saksbehandlingen skjer i Slack');
    } finally {
      await slackTriage.stop();
    }
  });

  it('a refusal in the triage channel is a targeted message to the asker alone', async () => {
    const refused = await ask(COLLEAGUE, CHANNEL, 'find ledig');
    expect(refused.targeted).toBe(true);
    expect(refused.activity.recipient).toMatchObject({ id: COLLEAGUE.id });
    expect(textOf(cardOf(refused))).toContain('Bare saksbehandlere');
  });

  it('staff tools in another channel (a vendor\'s) answer nothing about requests: the asker is sent to the staff channel', async () => {
    const answer = await ask(STAFF_A, { channel: '19:vendor-shared@thread.tacv2' }, 'find ledig');
    expect(answer.targeted).toBe(true);
    expect(textOf(cardOf(answer))).toContain('saksbehandlerkanalen');
    expect(textOf(cardOf(answer))).not.toContain(ref(unassigned.number));
  });
});

/** The next file consent card the bot sends to `who`'s personal chat after `since`. */
async function consentCard(who: Person, since: number, name: RegExp): Promise<{ call: ConnectorCall; attachment: Attachment }> {
  const consentOf = (c: ConnectorCall) => attachmentsOf(c).find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent' && name.test(a.name ?? ''));
  const call = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= since && c.conversationId === personalChatOf(who) && !!consentOf(c), 20_000);
  return { call, attachment: consentOf(call)! };
}

/** The user presses Allow (or Decline) on a file consent card. */
async function consent(who: Person, attachment: Attachment, action: 'accept' | 'decline') {
  const name = attachment.name!;
  const value = {
    type: 'fileUpload',
    action,
    context: attachment.content[action === 'accept' ? 'acceptContext' : 'declineContext'],
    ...(action === 'accept'
      ? { uploadInfo: { name, uploadUrl: fake.uploadUrl(name), contentUrl: `https://brreg-my.sharepoint.com/personal/files/${name}`, uniqueId: randomUUID(), fileType: name.split('.').pop() ?? '' } }
      : {}),
  };
  return postActivity(fake, app, activityFrom(fake, who, PERSONAL, { type: 'invoke', name: 'fileConsent/invoke', value: value as never }));
}

function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('reports, exports and the list for Altinn, with their files', () => {
  it('"report" queues it; the chart arrives inline in a card within Teams\' limits, and the CSV through the file consent card', async () => {
    const since = fake.connectorCalls.length;
    const queued = await ask(STAFF_A, PERSONAL, 'rapport');
    expect(textOf(cardOf(queued))).toContain('kommer her i chatten om litt');
    const chartCall = await fake.waitForConnectorCall(
      (c) => fake.connectorCalls.indexOf(c) >= since && c.conversationId === personalChatOf(STAFF_A) && textOf(c.activity).includes('data:image/png;base64,'),
      30_000,
    );
    const image = (cardOf(chartCall).body as { type: string; url?: string }[]).find((b) => b.type === 'Image')!;
    const png = Buffer.from(image.url!.replace('data:image/png;base64,', ''), 'base64');
    expect(png.length).toBeLessThanOrEqual(1024 * 1024);
    const { width, height } = pngSize(png);
    expect(width).toBeLessThanOrEqual(1024);
    expect(height).toBeLessThanOrEqual(1024);
    expect(textOf(cardOf(chartCall))).toContain('Rapport for');

    const { attachment } = await consentCard(STAFF_A, since, /^tt02-report-/);
    expect(attachment.name).toMatch(/^tt02-report-.*\.csv$/);
    expect(attachment.content).toMatchObject({ acceptContext: { o: expect.any(Number) }, sizeInBytes: expect.any(Number) });

    // Another staff member cannot take it: refused and audited, nothing uploaded.
    const uploadsBefore = fake.uploads.length;
    const sinceB = fake.connectorCalls.length;
    expect((await consent(STAFF_B, attachment, 'accept')).status).toBe(200);
    const notYours = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= sinceB && c.conversationId === personalChatOf(STAFF_B));
    expect(textOf(cardOf(notYours))).toContain('laget for en annen saksbehandler');
    expect(fake.uploads.length).toBe(uploadsBefore);
    expect((await deniedEvents(STAFF_B.aad)).map((e) => e.details)).toContainEqual(expect.objectContaining({ action: 'file_consent', reason: 'not_requester' }));

    // Its owner accepts: the bytes go to the upload session, and the file is shown in the chat.
    const sinceAccept = fake.connectorCalls.length;
    expect((await consent(STAFF_A, attachment, 'accept')).status).toBe(200);
    const upload = fake.uploads.find((u) => u.name === attachment.name)!;
    expect(upload.bytes.toString('utf8').split('\r\n')[0]).toBe(
      'reference,access_type,status,assignee,submitted,sent_to_altinn,altinn_done,fnr_registered,completed,rejected,withdrawn,rejection_reason,feedback,feedback_comment',
    );
    expect(upload.bytes.toString('utf8')).toContain(ref(mine.number));
    expect(upload.headers['content-range']).toBe(`bytes 0-${upload.bytes.length - 1}/${upload.bytes.length}`);
    const info = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= sinceAccept && attachmentsOf(c).some((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info'));
    expect(info.conversationId).toBe(personalChatOf(STAFF_A));
    expect(attachmentsOf(info)[0]).toMatchObject({ name: attachment.name, contentUrl: expect.stringContaining(attachment.name!) });
  });

  it('"report with-contacts" is audited; a bad period says how to write one', async () => {
    expect(textOf(cardOf(await ask(STAFF_A, PERSONAL, 'report 2026-13')))).toContain('Jeg forstår ikke perioden «2026-13»');
    expect(textOf(cardOf(await ask(STAFF_A, PERSONAL, 'report last-month with-contacts')))).toContain('med kontaktopplysninger');
    const audited = await db.database.db.select().from(requestEvents).where(and(eq(requestEvents.kind, 'report_with_contacts'), eq(requestEvents.actorUserId, STAFF_A.aad)));
    expect(audited).toHaveLength(1);
  });

  it('"export" from the triage channel: the archive record is offered in the personal chat; declining says so, accepting uploads it', async () => {
    const since = fake.connectorCalls.length;
    const queued = await ask(STAFF_A, CHANNEL, `export ${ref(mine.number)}`);
    expect(queued.targeted).toBe(true);
    expect(textOf(cardOf(queued))).toContain(`Arkivutskriften for ${ref(mine.number)}`);
    const { attachment } = await consentCard(STAFF_A, since, /^TT02-/);
    expect(attachment.name).toBe(`${ref(mine.number)}.txt`);

    const sinceDecline = fake.connectorCalls.length;
    await consent(STAFF_A, attachment, 'decline');
    const declined = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= sinceDecline && c.conversationId === personalChatOf(STAFF_A) && textOf(c.activity).includes('filen ble ikke sendt'));
    expect(declined.targeted).toBe(false);

    await consent(STAFF_A, attachment, 'accept');
    const upload = fake.uploads.find((u) => u.name === attachment.name)!;
    expect(upload.bytes.toString('utf8')).toContain(ref(mine.number));
    // The archive record never holds the contact's details.
    expect(upload.bytes.toString('utf8')).not.toContain('kari@');
    expect(textOf(cardOf(await ask(STAFF_A, PERSONAL, 'export TT02-9999')))).toContain('TT02-9999');
  });

  it('"altinn" offers the requests waiting for the Altinn step; making the list marks them, offers its CSV and posts the batch in the triage channel', async () => {
    const picker = cardOf(await ask(STAFF_A, PERSONAL, 'altinn'));
    const choices = textOf(picker);
    expect(choices).toContain(ref(unassigned.number));
    // Teams sends the chosen values under the input's id, comma-separated, with the button's data.
    const input = (picker.body as { type: string; id?: string; choices?: { value: string }[] }[]).find((b) => b.type === 'Input.ChoiceSet')!;
    expect(input.id).toBe('request_ids');
    expect(input.choices!.map((c) => c.value)).toContain(unassigned.id);
    const submit = executes(picker)[0]!;
    expect(submit.verb).toBe('tools_altinn_batch');

    // Someone not staff pressing it changes nothing.
    const invoke = (who: Person, data: Record<string, string>) =>
      postActivity(fake, app, activityFrom(fake, who, PERSONAL, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: submit.verb, data }, trigger: 'manual' } }));
    const refused = await invoke(COLLEAGUE, { ...(submit.data as Record<string, string>), request_ids: unassigned.id });
    expect(textOf(refused.body)).toContain('Bare saksbehandlere');

    const since = fake.connectorCalls.length;
    const made = await invoke(STAFF_A, { ...(submit.data as Record<string, string>), request_ids: unassigned.id });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textOf(made.body)).toContain(`${ref(unassigned.number)}) er merket «sendt til Altinn»`);
    // The same card's button again makes no second list.
    expect(textOf((await invoke(STAFF_A, { ...(submit.data as Record<string, string>), request_ids: unassigned.id })).body)).toContain('laget allerede');

    const { attachment } = await consentCard(STAFF_A, since, /^tt02-altinn-/);
    expect(attachment.name).toMatch(/^tt02-altinn-\d{4}-\d{2}-\d{2}\.csv$/);
    const batchPost = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= since && c.conversationId === TRIAGE_CONVERSATION);
    const confirm = executes(cardOf(batchPost))[0]!;
    expect(confirm.verb).toBe('tools_altinn_confirm');
    expect(textOf(cardOf(batchPost))).toContain(ref(unassigned.number));

    await consent(STAFF_A, attachment, 'accept');
    const csv = fake.uploads.find((u) => u.name === attachment.name)!.bytes.toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('reference,access_type,vendor_org_number,vendor_org_name,customer_org_number,customer_org_name,fictitious_org_number');
    expect(csv).toContain('Ledig Lønn AS');

    // "Altinn confirmed all" in the triage channel records the step for the delegation.
    const recorded = await postActivity(
      fake,
      app,
      activityFrom(fake, STAFF_B, { channel: TRIAGE_CONVERSATION }, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: confirm.verb, data: confirm.data as never }, trigger: 'manual' } }),
    );
    expect(textOf(recorded.body)).toContain('Altinn-steget er registrert');
    const [row] = await db.database.db.select().from(requests).where(eq(requests.id, unassigned.id));
    expect(row!.status).toBe('altinn_done');
  });
});

describe('the triage channel\'s monthly summary', () => {
  it('is posted in the Teams triage channel with its chart inline (counts only)', async () => {
    const since = fake.connectorCalls.length;
    await enqueue(db.database.db, [effect(EFFECT.monthlySummary, null, `monthly:${randomUUID()}`, { period: { from: '2026-11-01', to: '2026-12-01', label: '2026-11' } })]);
    app.worker.kick();
    const post = await fake.waitForConnectorCall((c) => fake.connectorCalls.indexOf(c) >= since && c.conversationId === TRIAGE_CONVERSATION && textOf(c.activity).includes('2026-11'), 30_000);
    const text = textOf(cardOf(post));
    expect(text).toContain('**Månedsoppsummering for 2026-11**');
    expect(text).toContain('data:image/png;base64,');
    expect(text).not.toContain('kari@');
  });
});

describe('Claim on the queue card', () => {
  const press = (who: Person, data: Record<string, unknown>) =>
    postActivity(fake, app, activityFrom(fake, who, PERSONAL, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'card_claim', data: data as never }, trigger: 'manual' } }));

  it('claims the request from the personal chat and answers with the queue again, the request now under Mine; a second press says it is yours', async () => {
    const fresh = await file(DELEGATION, 'Fersk Faktura AS');
    const queue = cardOf(await ask(STAFF_B, PERSONAL, 'queue'));
    const claim = executes(queue).find((b) => b.verb === 'card_claim' && b.data.r === fresh.id)!;
    expect(claim).toBeDefined();

    const refused = await press(COLLEAGUE, claim.data);
    expect(textOf(refused.body)).toContain('Bare saksbehandlere');

    const claimed = await press(STAFF_B, claim.data);
    expect(claimed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const text = textOf(claimed.body);
    expect(text).toContain(`Du har tatt ${ref(fresh.number)}`);
    expect(text).toContain('Mine** (2)');
    expect(text).toContain(STAFF_B.name);
    const [row] = await db.database.db.select().from(requests).where(eq(requests.id, fresh.id));
    expect(row!.assigneeUserId).toBe(STAFF_B.aad);

    // The same button again: nothing changes, and the answer says why.
    expect(textOf((await press(STAFF_B, claim.data)).body)).toContain(`Du har allerede ${ref(fresh.number)}.`);
  });
});
