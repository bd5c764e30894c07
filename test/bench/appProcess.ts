/**
 * The app under test, in its own process: exactly what `npm start` runs (startServer on the
 * configuration read from the environment), so RSS and start-up belong to the app alone and the
 * load generator never shares its event loop.
 *
 * Spawned by run.ts as `node --import tsx test/bench/appProcess.ts`; stops on SIGTERM/SIGINT or when
 * the parent goes away (IPC channel closed).
 */
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger });
  process.send?.({ type: 'ready', port: server.port, database: server.database.kind });
  // The bench asks for the V8 heap figures behind the RSS it reads from /proc; 'memory-gc' first
  // collects garbage (when started with --expose-gc) to tell live data from garbage not yet collected.
  process.on('message', (m: unknown) => {
    if (m !== 'memory' && m !== 'memory-gc') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (m === 'memory-gc' && gc) gc();
    process.send?.({ type: 'memory', ...process.memoryUsage() });
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // The outbox worker's stop() waits until its backlog is drained, which after a load test can take
    // minutes: give the orderly stop two seconds, then leave anyway.
    await Promise.race([server.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    // process.exit (not a signal death) so that --cpu-prof writes its profile.
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.once('disconnect', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`bench app failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
