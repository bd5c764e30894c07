/**
 * What Microsoft's side of Teams signs, as the Bot Framework signs it, with nothing but node:crypto:
 * an RSA key made at start-up, published as a JWK (with the `msteams` endorsement), and compact JWS
 * tokens (RS256, `kid`) for activities (`iss` https://api.botframework.com, `aud` the bot's app id,
 * `serviceurl` the activity's serviceUrl) and for the bot's own access tokens. The sandbox's fake Bot
 * Connector (teamsConnector.ts) and the tests' fake (test/support/fakeTeams.ts) both use it.
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

const base64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A compact JWS, RS256. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${base64url(signature)}`;
}

export function newSigningKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export interface BotFrameworkKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

export function newBotFrameworkKey(): BotFrameworkKey {
  return { ...newSigningKey(), kid: `key-${randomUUID()}` };
}

/** The OpenID metadata document at `…/openidconfiguration`; the SDK reads the keys at `…/keys` beside it. */
export const openIdConfiguration = (keysUrl: string) => ({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: keysUrl, id_token_signing_alg_values_supported: ['RS256'] });

/** The key set, as login.botframework.com publishes it. */
export const keySet = (k: Pick<BotFrameworkKey, 'publicKey' | 'kid'>) => ({ keys: [{ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });

/**
 * The claims of the token the Bot Framework sends with an activity; `claims` override (or, set to
 * undefined, remove) the standard ones.
 */
export function activityClaims(o: { appId: string; serviceUrl: string; claims?: Record<string, unknown> }): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: BOT_FRAMEWORK_ISSUER, aud: o.appId, serviceurl: o.serviceUrl, nbf: now - 5, iat: now - 5, exp: now + 3600, ...o.claims };
  for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
  return claims;
}

/** The bot's access token from the token endpoint (a JWT: the SDK decodes it). */
export function botAccessToken(k: BotFrameworkKey, o: { issuerBase: string; appId: string; tenantId: string; lifetimeSeconds?: number }): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ kid: k.kid }, { aud: BOT_FRAMEWORK_ISSUER, iss: `${o.issuerBase}/${o.tenantId}/`, appid: o.appId, tid: o.tenantId, iat: now, exp: now + (o.lifetimeSeconds ?? 3600) }, k.privateKey);
}
