import type { WebClient } from '@slack/web-api';

/**
 * A message's permalink. Slack's permalinks are the workspace's URL (auth.test's `url`) followed by
 * `archives/<channel>/p<ts without the dot>`; building it here saves a Web API call per post (two
 * per request, on the path staff wait on). When the workspace's URL is not known, Slack is asked.
 */
export async function permalinkOf(client: WebClient, workspaceUrl: string | undefined, channel: string, ts: string): Promise<string | null> {
  if (workspaceUrl && /^https?:\/\//.test(workspaceUrl)) {
    return `${workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`}archives/${channel}/p${ts.replace('.', '')}`;
  }
  return client.chat
    .getPermalink({ channel, message_ts: ts })
    .then((p) => p.permalink ?? null)
    .catch(() => null);
}
