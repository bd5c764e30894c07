/**
 * Who and what the sandbox workspace holds: brreg's host workspace with its triage channel, and a
 * channel shared with an example vendor organisation (Slack Connect). Three people to be.
 */
export const HOST_TEAM = { id: 'TBRREG001', domain: 'brreg', name: 'Brønnøysundregistrene' } as const;
export const VENDOR_TEAM = { id: 'TACME0001', domain: 'acme-systemer', name: 'Acme Systemer AS' } as const;

export const BOT = { userId: 'UTT02BOT1', botId: 'BTT02BOT1', appId: 'ATT02APP1', name: 'TT02-tilgang' } as const;

export type PersonaKey = 'vendor' | 'staff' | 'colleague';

export interface SandboxUser {
  id: string;
  name: string;
  realName: string;
  teamId: string;
  locale: string;
  /** Slack's users.info `tz`: dates in messages are shown in it. */
  tz: string;
  isStranger: boolean;
  title: string;
}

export const USERS: Record<PersonaKey, SandboxUser> = {
  vendor: {
    id: 'UVENDOR01',
    name: 'vera',
    realName: 'Vera Leverandør',
    teamId: VENDOR_TEAM.id,
    locale: 'en-GB',
    tz: 'Europe/Oslo',
    isStranger: true,
    title: `Developer at ${VENDOR_TEAM.name} (external)`,
  },
  staff: {
    id: 'USTAFF001',
    name: 'kari',
    realName: 'Kari Saksbehandler',
    teamId: HOST_TEAM.id,
    locale: 'en-GB',
    tz: 'Europe/Oslo',
    isStranger: false,
    title: 'brreg staff (configured in STAFF_USER_IDS)',
  },
  colleague: {
    id: 'UCOLLEAG1',
    name: 'ola',
    realName: 'Ola Kollega',
    teamId: HOST_TEAM.id,
    locale: 'nb-NO',
    tz: 'Europe/Oslo',
    isStranger: false,
    title: 'brreg colleague, not staff',
  },
};

export interface SandboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isExtShared: boolean;
  members: PersonaKey[];
  topic: string;
}

export const VENDOR_CHANNEL: SandboxChannel = {
  id: 'CVENDOR01',
  name: 'ext-acme-brreg',
  isPrivate: false,
  isExtShared: true,
  members: ['vendor', 'staff', 'colleague'],
  topic: `Shared with ${VENDOR_TEAM.name} (Slack Connect)`,
};

export const TRIAGE_CHANNEL: SandboxChannel = {
  id: 'GTRIAGE01',
  name: 'tt02-triage',
  isPrivate: true,
  isExtShared: false,
  members: ['staff', 'colleague'],
  topic: "brreg's internal triage channel",
};

export const CHANNELS: SandboxChannel[] = [VENDOR_CHANNEL, TRIAGE_CHANNEL];

export const userById = (id: string): SandboxUser | undefined => Object.values(USERS).find((u) => u.id === id);
export const personaOf = (id: string): PersonaKey | undefined =>
  (Object.keys(USERS) as PersonaKey[]).find((k) => USERS[k].id === id);

/** The app's direct-message channel with a user (conversations.open): D and the user's id, as in test/support/fakeSlack. */
export const dmOf = (userId: string): string => `D${userId}`;
export const dmUser = (channel: string): SandboxUser | undefined => (channel.startsWith('D') ? userById(channel.slice(1)) : undefined);
