import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixContact } from '../../src/app/fixContact.js';
import type { Ports } from '../../src/app/ports.js';
import { outbox, requestEvents, requests, type NewRequestRow } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
let ports: Ports;
let notified = 0;
beforeAll(async () => {
  t = await openTestDatabase();
  ports = { db: t.database.db, outboxNotify: () => void (notified += 1) };
});
afterAll(() => t.drop());

const STAFF = { userId: 'USTAFF001', teamId: 'T1' };
let n = 0;

async function insertRequest(extra: Partial<NewRequestRow>): Promise<string> {
  n++;
  const [row] = await t.database.db
    .insert(requests)
    .values({
      status: 'submitted',
      accessType: 'customer_delegation',
      vendorOrgNumber: `8${String(n).padStart(8, '0')}`,
      vendorOrgName: 'Acme AS',
      customerOrgNumber: '974760673',
      customerOrgName: 'Kundebakeri AS',
      customerEmail: 'post@kundebakeri.no',
      customerPhone: '+4798765432',
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@acme.no',
      contactPhone: '+4741234567',
      requesterUserId: 'UVENDOR01',
      channelId: 'CVENDOR01',
      submissionKey: `fix-contact-${n}`,
      ...extra,
    })
    .returning({ id: requests.id });
  return row!.id;
}

const stored = async (id: string) => (await t.database.db.select().from(requests).where(eq(requests.id, id)))[0]!;
const eventsOf = (id: string) => t.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
const outboxOf = (id: string) => t.database.db.select().from(outbox).where(eq(outbox.requestId, id));
const unchangedContact = { email: 'kari@acme.no', phone: '+47 412 34 567' };

describe('fixContact', () => {
  it("corrects a customer delegation's customer address and mobile, audits the fields without the values and updates the card", async () => {
    const id = await insertRequest({});
    const before = notified;
    const res = await fixContact(ports, { requestId: id, actor: STAFF, ...unchangedContact, customer: { email: ' Ny@Kundebakeri.NO ', phone: '911 22 333' } });
    expect(res).toEqual({ kind: 'ok', changed: ['customer_email', 'customer_phone'] });
    expect(await stored(id)).toMatchObject({ customerEmail: 'Ny@kundebakeri.no', customerPhone: '+4791122333', contactEmail: 'kari@acme.no' });
    const [event] = await eventsOf(id);
    expect(event).toMatchObject({ kind: 'contact_corrected', actorUserId: 'USTAFF001', details: { fields: ['customer_email', 'customer_phone'] } });
    expect(JSON.stringify(event)).not.toContain('kundebakeri');
    expect((await outboxOf(id)).map((o) => o.kind)).toEqual(['slack.card.update']);
    expect(notified).toBe(before + 1);
  });

  it("refuses a customer number that is not a mobile, and a bad address, naming each field; nothing is stored", async () => {
    const id = await insertRequest({});
    const res = await fixContact(ports, { requestId: id, actor: STAFF, email: '', phone: '12', customer: { email: 'nei', phone: '22 22 22 22' } });
    expect(res).toEqual({
      kind: 'invalid',
      errors: { contact_email: 'required', contact_phone: 'phone_format', customer_email: 'email_format', customer_phone: 'phone_not_mobile' },
    });
    expect(await stored(id)).toMatchObject({ customerEmail: 'post@kundebakeri.no', customerPhone: '+4798765432' });
    expect(await eventsOf(id)).toHaveLength(0);
  });

  it('leaves a request without a customer alone when customer fields come along, and records nothing when nothing changed', async () => {
    const id = await insertRequest({ accessType: 'fictitious_enterprise', customerOrgNumber: null, customerOrgName: null, customerEmail: null, customerPhone: null });
    const res = await fixContact(ports, { requestId: id, actor: STAFF, ...unchangedContact, customer: { email: 'x@y.no', phone: '+47 911 22 333' } });
    expect(res).toEqual({ kind: 'ok', changed: [] });
    expect(await stored(id)).toMatchObject({ customerEmail: null, customerPhone: null });
    expect(await eventsOf(id)).toHaveLength(0);
    expect(await outboxOf(id)).toHaveLength(0);
  });

  it('says so when the personal data has been purged', async () => {
    const id = await insertRequest({ purgedAt: new Date() });
    expect(await fixContact(ports, { requestId: id, actor: STAFF, ...unchangedContact, customer: { email: 'x@y.no', phone: '+47 911 22 333' } })).toEqual({ kind: 'purged' });
  });
});
