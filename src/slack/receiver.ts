import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions as http, HTTPReceiver, isRawBodyError, verifySlackRequest, type BufferedIncomingMessage } from '@slack/bolt';
import type { Health } from '../health.js';
import { boltLogger, type Logger } from '../logger.js';

/**
 * Largest body read before the signature is checked (Bolt's default is 4 MB). Slack only echoes what
 * this app built: our largest surfaces (the triage card, the intake modal at every field's maximum)
 * are about 20 kB of JSON, and the largest event, a message whose text Slack truncates at 40,000
 * characters and repeats in its blocks, is under 500 kB. Anything over 1 MiB is not from Slack: 413.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** Thrown by the app when its listeners are done and none acknowledged the request: answered 400 at once. */
export class NoListenerAcknowledged extends Error {}

/** Thrown by `authorize` until the bot token has been checked: the request is answered 503, Slack retries. */
export class SlackNotConnected extends Error {}

/**
 * Bolt's HTTP receiver: POST /slack/events (signature checked, body capped) and /healthz as a custom
 * route. Bolt answers 500 when it throws on a body outside any listener (a field its routing reads is
 * missing or mistyped, e.g. a view_submission without a view); a signed body is the sender's mistake,
 * not our fault, so it is answered 400 (503 before Slack is connected).
 */
export function createReceiver(o: { signingSecret: string; healthz: (res: ServerResponse) => void; logger: Logger }): HTTPReceiver {
  return new HTTPReceiver({
    signingSecret: o.signingSecret,
    bodyLimit: SLACK_BODY_LIMIT,
    logger: boltLogger(o.logger),
    customRoutes: [{ path: '/healthz', method: 'GET', handler: (_req, res) => o.healthz(res) }],
    processEventErrorHandler: async ({ error, response }) => {
      const notConnected = (error as { original?: unknown }).original instanceof SlackNotConnected;
      if (!response.headersSent) {
        if (notConnected) response.writeHead(503, { 'retry-after': '5' });
        else response.writeHead(400);
        response.end();
      }
      if (error instanceof NoListenerAcknowledged) o.logger.info('request that no listener acknowledged answered 400');
      else if (!notConnected) o.logger.warn({ err: error }, 'signed request with a body Bolt cannot process refused');
      return true;
    },
  });
}

const FORM = 'application/x-www-form-urlencoded';
/** The `type`s Bolt routes (besides bodies carrying `event`, `command`, `name` or `actions`). */
const ROUTED_TYPES = new Set(['block_suggestion', 'dialog_submission', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'url_verification']);

/**
 * The HTTP server: Bolt's receiver behind one guard, which counts signatures for /healthz and refuses
 * the bodies Bolt 5.1 cannot answer. A signed JSON `null` (or `payload=null`) makes Bolt read
 * `body.ssl_check` outside its try, in a floating promise: the request is never answered and the
 * process counts a fault. A body that is not an object of a kind Bolt routes is never acknowledged,
 * so Bolt answers 404 only after its 3 s timer. Both are refused with 400 at once. The guard buffers
 * the body, which Bolt then reuses (`bufferIncomingMessage` keeps a buffered `rawBody`).
 */
export function slackHttpServer(
  receiver: HTTPReceiver,
  o: { signingSecret: string; health: Health; logger: Logger; routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void> },
): Server {
  const { health, logger } = o;
  const bolt = (req: IncomingMessage, res: ServerResponse) => {
    try {
      receiver.requestListener(req, res);
    } catch {
      http.buildNoBodyResponse(res, 404); // no route (Bolt's HTTPReceiverDeferredRequestError)
    }
  };
  const countSignature = (res: ServerResponse) =>
    res.once('finish', () => {
      if (res.statusCode === 413) return;
      if (res.statusCode !== 401) return void (health.signedRequests += 1);
      health.badSignatures += 1;
      // Internet noise can be steady: log the first and then every 100th, with a hint while nothing has passed.
      if (health.badSignatures === 1 || health.badSignatures % 100 === 0) {
        const hint = health.signedRequests === 0 ? ': if this came from Slack, SLACK_SIGNING_SECRET is wrong' : '';
        logger.warn({ badSignatures: health.badSignatures }, `request refused: signature check failed${hint}`);
      }
    });

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // Other platforms' endpoints on the same port (Teams: POST /api/messages).
    const other = req.method === 'POST' ? o.routes?.[path] : undefined;
    if (other) return other(req, res);
    if (req.method !== 'POST' || path !== '/slack/events') return bolt(req, res);
    countSignature(res);
    http.bufferIncomingMessage(req, SLACK_BODY_LIMIT).then(
      (buffered) => {
        if (boltCanAnswer(buffered)) return bolt(buffered, res);
        http.buildNoBodyResponse(res, signed(buffered, o.signingSecret) ? 400 : 401);
      },
      (err: unknown) => http.buildNoBodyResponse(res, isRawBodyError(err) && err.statusCode === 413 ? 413 : 400),
    );
  });
}

function boltCanAnswer(req: BufferedIncomingMessage): boolean {
  const text = req.rawBody.toString();
  const form = req.headers['content-type'] === FORM;
  if (form && text.includes('ssl_check=')) return true;
  let body: unknown;
  try {
    const q = form ? parseQuery(text) : undefined;
    body = q ? (typeof q.payload === 'string' ? JSON.parse(q.payload) : q) : JSON.parse(text);
  } catch {
    return true; // Bolt answers a body that is not JSON with 400
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return b.event !== undefined || b.command !== undefined || b.name !== undefined || b.actions !== undefined || ROUTED_TYPES.has(b.type as string);
}

function signed(req: BufferedIncomingMessage, signingSecret: string): boolean {
  try {
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    verifySlackRequest({ signingSecret, body: req.rawBody.toString(), headers: { 'x-slack-signature': String(signature), 'x-slack-request-timestamp': timestamp } });
    return true;
  } catch {
    return false;
  }
}
