import { ConfigError, loadConfig } from './config.js';
import { installProcessGuard } from './faults.js';
import { serializeError } from './logScrub.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

/** Start-up failures end in one message and exit code 1, never a stack trace. */
function failStart(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n\nFix the variables above (see README.md, "Configuration") and start again.\n`);
  } else {
    const d = serializeError(err);
    const line = typeof d === 'string' ? d : `${d.type}: ${d.message}${d.code ? ` (${d.code})` : ''}`;
    process.stderr.write(`tt02-access failed to start: ${line}\n`);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    failStart(err);
  }
  const logger = createLogger(config.logLevel);
  installProcessGuard(logger);
  const server = await startServer(config, { logger }).catch(failStart);
  // Slack reached only after retries may still refuse the credentials: same message, same exit.
  server.slackReady?.catch(async (err: unknown) => {
    await server.stop().catch(() => undefined);
    failStart(err);
  });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
