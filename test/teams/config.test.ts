import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT_ID = '99999999-8888-7777-6666-555555555555';
const teamsEnv = { TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'secret-value', TEAMS_TENANT_ID: TENANT_ID };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('Teams settings', () => {
  it('are off unless all three credentials are set', () => {
    expect(loadConfig({}).teams).toBeUndefined();
  });

  it('all three credentials turn Teams on, with the documented defaults', () => {
    expect(loadConfig(teamsEnv).teams).toEqual({
      appId: APP_ID,
      appPassword: 'secret-value',
      tenantId: TENANT_ID,
      triageConversationId: undefined,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      staffAadIds: [],
      staffGroupId: undefined,
      vendorConversationIds: [],
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      loginUrl: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.com',
    });
  });

  it('local endpoints (plain http on 127.0.0.1), staff and conversations are read as given', () => {
    const teams = loadConfig({
      ...teamsEnv,
      TEAMS_TRIAGE_CONVERSATION_ID: '19:triage@thread.tacv2',
      TEAMS_SERVICE_URL: 'http://127.0.0.1:4000/',
      TEAMS_STAFF_AAD_IDS: ` ${APP_ID} , ${TENANT_ID}`,
      TEAMS_STAFF_GROUP_ID: TENANT_ID,
      TEAMS_VENDOR_CONVERSATION_IDS: '19:a@thread.tacv2,19:b@thread.tacv2',
      TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:4001/v1/.well-known/openidconfiguration',
      TEAMS_LOGIN_URL: 'http://127.0.0.1:4002/',
      GRAPH_URL: 'http://127.0.0.1:4003',
    }).teams;
    expect(teams).toMatchObject({
      triageConversationId: '19:triage@thread.tacv2',
      serviceUrl: 'http://127.0.0.1:4000/',
      staffAadIds: [APP_ID, TENANT_ID],
      staffGroupId: TENANT_ID,
      vendorConversationIds: ['19:a@thread.tacv2', '19:b@thread.tacv2'],
      openIdMetadataUrl: 'http://127.0.0.1:4001/v1/.well-known/openidconfiguration',
      loginUrl: 'http://127.0.0.1:4002',
      graphUrl: 'http://127.0.0.1:4003',
    });
  });

  it('triage in both Slack and Teams stops start-up with one line naming both variables', () => {
    const err = configError({ TRIAGE_CHANNEL_ID: 'C0123456789', TEAMS_TRIAGE_CONVERSATION_ID: '19:triage@thread.tacv2' });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain('TRIAGE_CHANNEL_ID');
    expect(err.problems[0]).toContain('TEAMS_TRIAGE_CONVERSATION_ID');
  });

  it('one or two of the three credentials names the missing ones and never shows the password', () => {
    const err = configError({ TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'secret-value' });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^TEAMS_TENANT_ID: not set/);
    expect(err.message).not.toContain('secret-value');
  });

  it('malformed ids and URLs are named, each with what was expected', () => {
    const err = configError({
      ...teamsEnv,
      TEAMS_APP_ID: 'my-bot',
      TEAMS_STAFF_AAD_IDS: 'U0123456789',
      TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:4001/keys',
    });
    expect(err.problems).toEqual([
      expect.stringMatching(/^TEAMS_APP_ID \(got "my-bot"\): should be an Entra id/),
      expect.stringMatching(/^TEAMS_STAFF_AAD_IDS \(got "U0123456789"\): should be an Entra id/),
      'TEAMS_OPENID_METADATA_URL: should be a URL ending in /openidconfiguration',
    ]);
  });
});

describe('the triage place', () => {
  const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

  it('Slack for vendors and triage in Teams: Slack needs no TRIAGE_CHANNEL_ID, and triage is in Teams', () => {
    const config = loadConfig({ ...slackEnv, ...teamsEnv, TEAMS_TRIAGE_CONVERSATION_ID: '19:triage@thread.tacv2' });
    expect(config.missingSlackSettings).toEqual([]);
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1' });
    expect(config.slack?.triageChannelId).toBeUndefined();
    expect(config.triage).toEqual({ platform: 'teams', conversationId: '19:triage@thread.tacv2' });
  });

  it('TRIAGE_CHANNEL_ID keeps triage in Slack', () => {
    expect(loadConfig({ ...slackEnv, ...teamsEnv, TRIAGE_CHANNEL_ID: 'C0123456789' }).triage).toEqual({ platform: 'slack', channelId: 'C0123456789' });
  });

  it('neither: TRIAGE_CHANNEL_ID is missing, and its hint names the Teams alternative', () => {
    const config = loadConfig({ ...slackEnv, ...teamsEnv });
    expect(config.slack).toBeUndefined();
    expect(config.triage).toBeUndefined();
    expect(config.missingSlackSettings).toEqual([{ name: 'TRIAGE_CHANNEL_ID', hint: expect.stringContaining('TEAMS_TRIAGE_CONVERSATION_ID') }]);
  });

  it('TEAMS_TRIAGE_CONVERSATION_ID without the Teams credentials stops start-up, naming them', () => {
    const err = configError({ ...slackEnv, TEAMS_TRIAGE_CONVERSATION_ID: '19:triage@thread.tacv2' });
    expect(err.problems).toEqual([expect.stringMatching(/^TEAMS_TRIAGE_CONVERSATION_ID is set, but Teams is not: .*TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID/)]);
  });

  it('TEAMS_TRIAGE_TEAM_ID is read as an Entra id', () => {
    expect(loadConfig({ ...teamsEnv, TEAMS_TRIAGE_TEAM_ID: TENANT_ID }).teams?.triageTeamId).toBe(TENANT_ID);
    expect(configError({ ...teamsEnv, TEAMS_TRIAGE_TEAM_ID: 'team' }).problems).toEqual([expect.stringMatching(/^TEAMS_TRIAGE_TEAM_ID \(got "team"\): should be an Entra id/)]);
  });
});
