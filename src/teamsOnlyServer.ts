import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatchTable } from './app/outbox/dispatch.js';
import { bySide, vendorByPlatform } from './app/outbox/sides.js';
import type { Config } from './config.js';
import { createCore } from './core.js';
import type { Database } from './db/client.js';
import { Health } from './health.js';
import type { Logger } from './logger.js';
import type { RunningServer, ServerOptions } from './server.js';

/**
 * The app with Teams alone (config.teamsOnly): vendors file in Teams, staff triage in Teams, and no
 * Slack setting is needed or read. The same database, outbox, mail, register, retention and reminders
 * as the full server (server.ts); the HTTP server answers /healthz and POST /api/messages.
 */
export async function startTeamsOnly(config: Config, database: Database, opts: ServerOptions, log: Logger): Promise<RunningServer> {
  const teamsSettings = config.teams;
  if (!teamsSettings?.triageConversationId) throw new Error('Teams alone needs TEAMS_TRIAGE_CONVERSATION_ID');
  const core = createCore(config, database, opts, log);
  const { ports, now } = core;
  const health = new Health({ state: 'not configured', missing: [] });
  health.triage = 'teams';
  const { createTeamsEndpoint, TEAMS_MESSAGES_PATH } = await import('./teams/endpoint.js');
  const { registerTeamsHandlers } = await import('./teams/app.js');
  const teams = await createTeamsEndpoint({
    teams: teamsSettings,
    health,
    logger: log,
    register: (sdk) => registerTeamsHandlers({ ports, config, teams: teamsSettings, sdk, logger: log, now }),
    timeoutMs: opts.outbox?.slackTimeoutMs ?? 20_000,
  });
  const { teamsTriageHandlersFor } = await import('./teams/delivery.js');
  const { teamsVendorDeliveryHandlers } = await import('./teams/vendorDelivery.js');
  const triage = teamsTriageHandlersFor({ ports, sdk: teams.sdk, teams: teamsSettings, triageLocale: config.triageLocale, now });
  const vendor = vendorByPlatform(ports, { teams: teamsVendorDeliveryHandlers({ ports, sdk: teams.sdk, tenantId: teamsSettings.tenantId }) });
  const jobs = core.outbox(dispatchTable(bySide(triage, vendor), ...core.mailHandlers));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/healthz') return void health.respond(database, res);
    if (req.method === 'POST' && (req.url ?? '/').split('?')[0] === TEAMS_MESSAGES_PATH) return teams.handle(req, res);
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: opts.host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  jobs.start();
  log.info({ port, triage: 'teams' }, 'tt02-access is running with Teams only');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    worker: jobs.worker,
    retention: jobs.retention,
    reminders: jobs.reminders,
    health,
    teams,
    slackReady: Promise.resolve(),
    async stop() {
      await new Promise((r) => server.close(r));
      await jobs.stop();
      if (!opts.database) await database.close();
    },
  };
}
