/**
 * Who and what the sandbox's Teams holds: brreg's tenant with its team and the channel "Triage", the
 * bot's registration, and the same three people as the Slack side (cast.ts), each with an Entra object
 * id in their tenant. The vendor is a user of another tenant, in the channel shared with brreg (Teams
 * Connect), where she files; never staff, and not in Triage.
 */
import type { PersonaKey } from './cast.js';

export const BRREG_TENANT = { id: '5b7e0c1a-6d2f-4c8e-9a31-0b2e7f4d1c01', name: 'Brønnøysundregistrene' } as const;
export const VENDOR_TENANT = { id: 'c0ffee00-ac3e-4e00-8a00-00000000ac1e', name: 'Acme Systemer AS' } as const;

/** The bot's Entra app registration; its Bot Framework id is `28:` and the app id. */
export const TEAMS_BOT = { appId: '7d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6', name: 'TT02-tilgang', id: '28:7d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6' } as const;

/** brreg's team: its Entra group id (TEAMS_TRIAGE_TEAM_ID) and its Teams thread id. */
export const TEAMS_TEAM = { id: '2f1e0d0c-1b2a-4938-8776-655443322110', threadId: '19:brreg-tt02-team@thread.tacv2', name: 'Brønnøysundregistrene · TT02' } as const;

export interface TeamsPerson {
  aadObjectId: string;
  /** The Bot Framework id. */
  id: string;
  name: string;
  tenantId: string;
  /** Teams sends the client's language as the activity's `locale`. */
  locale: string;
  title: string;
  external: boolean;
}

export const TEAMS_USERS: Record<PersonaKey, TeamsPerson> = {
  vendor: {
    aadObjectId: 'e1e1e1e1-0000-4000-8000-00000000a001',
    id: '29:sandbox-vera-acme',
    name: 'Vera Leverandør',
    tenantId: VENDOR_TENANT.id,
    locale: 'en-GB',
    title: `Developer at ${VENDOR_TENANT.name} (external tenant)`,
    external: true,
  },
  staff: {
    aadObjectId: 'b2b2b2b2-0000-4000-8000-000000000001',
    id: '29:sandbox-kari-brreg',
    name: 'Kari Saksbehandler',
    tenantId: BRREG_TENANT.id,
    locale: 'en-GB',
    title: 'brreg staff (in TEAMS_STAFF_AAD_IDS)',
    external: false,
  },
  colleague: {
    aadObjectId: 'b2b2b2b2-0000-4000-8000-000000000002',
    id: '29:sandbox-ola-brreg',
    name: 'Ola Kollega',
    tenantId: BRREG_TENANT.id,
    locale: 'nb-NO',
    title: 'brreg colleague, not staff (same tenant)',
    external: false,
  },
};

export type TeamsConversationKind = 'channel' | 'personal';

export interface TeamsConversation {
  id: string;
  name: string;
  kind: TeamsConversationKind;
  /** Who sees it; a personal chat is one person's with the bot. */
  members: PersonaKey[];
  /** Shared with another tenant (Teams Connect). */
  shared: boolean;
  topic: string;
}

/** brreg's internal triage channel (TEAMS_TRIAGE_CONVERSATION_ID in the mixed set-up). */
export const TEAMS_TRIAGE: TeamsConversation = {
  id: '19:sandbox-tt02-triage@thread.tacv2',
  name: 'Triage',
  kind: 'channel',
  members: ['staff', 'colleague'],
  shared: false,
  topic: "brreg's internal triage channel",
};

/**
 * The channel shared with the vendor's tenant (Teams Connect), in the app's TEAMS_VENDOR_CONVERSATION_IDS;
 * a new sandbox adds the bot to it (index.ts), and the app posts its entry card there. brreg's people
 * are members, as in a real shared channel.
 */
export const TEAMS_VENDOR_CHANNEL: TeamsConversation = {
  id: '19:sandbox-acme-shared@thread.skype',
  name: 'ext-acme-brreg',
  kind: 'channel',
  members: ['vendor', 'staff', 'colleague'],
  shared: true,
  topic: `Shared with ${VENDOR_TENANT.name} (Teams Connect)`,
};

/** The personal chat of a person with the bot. */
export const personalChatOf = (persona: PersonaKey): TeamsConversation => ({
  id: `a:sandbox-personal-${persona}`,
  name: TEAMS_BOT.name,
  kind: 'personal',
  members: [persona],
  shared: false,
  topic: 'Chat with the app',
});

export const teamsPersonaOf = (idOrAad: string): PersonaKey | undefined =>
  (Object.keys(TEAMS_USERS) as PersonaKey[]).find((k) => TEAMS_USERS[k].id === idOrAad || TEAMS_USERS[k].aadObjectId === idOrAad);
