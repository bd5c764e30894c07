/**
 * The bot's own token for the Bot Connector, by client credentials. The Teams SDK would fetch it
 * through MSAL, which refuses an `http://` authority (`authority_uri_insecure`), so a local token
 * endpoint (tests, the sandbox) could never be used: the app posts the form itself and hands this
 * function to the SDK's `token` option. The token is kept until five minutes before it expires.
 */
export interface BotTokenSettings {
  /** TEAMS_LOGIN_URL, without a trailing slash. */
  loginUrl: string;
  tenantId: string;
  appId: string;
  appPassword: string;
  /** Give up on the token endpoint after this long (default 10 s). */
  timeoutMs?: number;
}

/** The token endpoint refused; the message names its status and error code only. */
export class BotTokenError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const EARLY_RENEWAL_MS = 5 * 60_000;

export function botTokenProvider(s: BotTokenSettings, onResult?: (error?: BotTokenError | Error) => void): (scope: string | string[]) => Promise<string> {
  const cache = new Map<string, { token: string; renewAt: number }>();
  const fetchToken = async (scope: string): Promise<string> => {
    const cached = cache.get(scope);
    if (cached && Date.now() < cached.renewAt) return cached.token;
    const res = await fetch(`${s.loginUrl}/${encodeURIComponent(s.tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.appId, client_secret: s.appPassword, scope }),
      signal: AbortSignal.timeout(s.timeoutMs ?? 10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!res.ok || typeof body.access_token !== 'string') {
      throw new BotTokenError(`the token endpoint answered ${res.status}${typeof body.error === 'string' ? ` (${body.error})` : ''}`, res.status);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    cache.set(scope, { token: body.access_token, renewAt: Date.now() + Math.max(0, lifetimeMs - EARLY_RENEWAL_MS) });
    return body.access_token;
  };
  return async (scopes) => {
    try {
      const token = await fetchToken(Array.isArray(scopes) ? scopes.join(' ') : scopes);
      onResult?.();
      return token;
    } catch (err) {
      onResult?.(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  };
}
