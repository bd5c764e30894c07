import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  HTTPModuleFunctions as http,
  HTTPResponseAck,
  isRawBodyError,
  verifySlackRequest,
  type App,
  type BufferedIncomingMessage,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { FaultCounter } from '../faults.js';
import { boltLogger, type Logger } from '../logger.js';
import type { Health } from '../health.js';
import { checkBodyShape } from './bodyShape.js';

/**
 * Largest body read before the signature is checked (Bolt's default is 4 MB). Slack sends this app:
 * - interactivity, form-encoded (`payload=` + URL-encoded JSON, so up to 3 bytes per byte of JSON):
 *   a view_submission echoes the whole modal plus `state.values`, and a block_actions echoes the message
 *   or modal the button sits in. Slack refuses views over 250 kB (`view_too_large`) and messages over
 *   50 blocks, but it only echoes what this app built: our largest surfaces, the triage card and the
 *   intake modal at every field's maximum length, are about 20 kB of JSON, and typed input is capped by
 *   our `max_length`s (at most 2,000 characters; 4 bytes each in UTF-8). Even a 100-block modal of
 *   3,000-character sections (~300 kB) URL-encoded stays under 1 MB.
 * - events, JSON: the largest is a message such as `app_mention`, whose text Slack truncates at 40,000
 *   characters and repeats in its rich-text blocks: 2 × 40,000 × up to 6 bytes (`\uXXXX`) ≈ 480 kB.
 * 1 MiB holds all of these with room; anything larger is not from Slack and is refused (413) before a
 * byte of it is parsed.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

const FORM = 'application/x-www-form-urlencoded';

export interface GuardedReceiverOptions {
  signingSecret: string;
  logger: Logger;
  health: Health;
  faults: FaultCounter;
}

/**
 * Bolt's HTTP receiver, with a guard in front of Bolt: the body is capped, the signature checked, and
 * the parsed body's shape checked before Bolt sees it (see bodyShape.ts), so that no signed body makes
 * Bolt throw. Anything signed gets a 2xx or a 4xx. It plugs into Bolt as a custom receiver (Bolt's
 * supported extension point); our HTTP server (server.ts) calls `handle` for POST /slack/events.
 */
export class GuardedReceiver implements Receiver {
  private app?: App;
  private readonly boltLog;

  constructor(private readonly opts: GuardedReceiverOptions) {
    this.boltLog = boltLogger(opts.logger);
  }

  init(app: App): void {
    this.app = app;
  }

  /** The HTTP server is ours: it listens before Slack is connected, to answer /healthz. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.process(req, res).catch((err: unknown) => {
      // Our own fault, not the sender's: counted and logged like any fault, answered 500.
      this.opts.faults.record('request', err, this.opts.logger);
      if (!res.headersSent) http.buildNoBodyResponse(res, 500);
    });
  }

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const log = this.opts.logger;
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await http.bufferIncomingMessage(req, SLACK_BODY_LIMIT);
    } catch (err) {
      const tooLarge = isRawBodyError(err) && (err.type === 'entity.too.large' || err.statusCode === 413);
      log.warn({ limit: SLACK_BODY_LIMIT, err }, tooLarge ? 'request body over the limit refused' : 'request body could not be read');
      return http.buildNoBodyResponse(res, tooLarge ? 413 : 400);
    }
    const text = buffered.rawBody.toString();
    const form = req.headers['content-type'] === FORM;
    // Slack's SSL check is unsigned and carries nothing; Bolt answers it the same way. (The substring
    // test first: parsing every interactive body twice, here and in Bolt, showed in the profiles.)
    if (form && text.includes('ssl_check=') && parseQuery(text).ssl_check === '1') return http.buildSSLCheckResponse(res);

    if (!this.verified(req, text)) return http.buildNoBodyResponse(res, 401);

    let parsed: unknown;
    try {
      parsed = http.parseHTTPRequestBody(buffered);
    } catch {
      log.warn('signed request with a body that is not JSON refused');
      return http.buildNoBodyResponse(res, 400);
    }
    if (isUrlVerification(parsed)) return http.buildUrlVerificationResponse(res, parsed);
    const check = checkBodyShape(parsed);
    if (!check.ok) {
      log.warn({ problem: check.problem }, 'signed request with a body Bolt cannot process refused');
      return http.buildNoBodyResponse(res, 400);
    }

    const ack = new HTTPResponseAck({ logger: this.boltLog, processBeforeResponse: false, httpRequest: buffered, httpRequestBody: check.body, httpResponse: res });
    const boltAck = ack.bind();
    let acknowledged = false;
    const event: ReceiverEvent = {
      body: check.body,
      ack: (response) => {
        acknowledged = true;
        return boltAck(response);
      },
      retryNum: http.extractRetryNumFromHTTPRequest(req),
      retryReason: http.extractRetryReasonFromHTTPRequest(req),
    };
    try {
      await this.app?.processEvent(event);
      if (!acknowledged) {
        // Every listener has finished and none acknowledged (no listener for this command or view, or
        // one failed first, see app.error): nothing can answer later, so answer now with what Bolt's
        // timeout would send 3 s later, instead of holding the connection.
        ack.ack();
        if (!res.headersSent) http.buildNoBodyResponse(res, 404);
      }
    } catch (err) {
      // Listener errors end in app.error and do not arrive here: this is Bolt itself failing on a body
      // the shape check let through, i.e. a gap in bodyShape.ts. Counted, so it is seen and fixed.
      ack.ack();
      this.opts.faults.record('request', err, log);
      if (!res.headersSent) http.buildNoBodyResponse(res, 500);
    }
  }

  private verified(req: IncomingMessage, body: string): boolean {
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    try {
      if (typeof signature !== 'string') throw new Error('no signature');
      verifySlackRequest({ signingSecret: this.opts.signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
      this.opts.health.signedRequests += 1;
      return true;
    } catch (err) {
      const h = this.opts.health;
      h.badSignatures += 1;
      // Internet noise can be steady: log the first and then every 100th, with a hint while nothing has passed.
      if (h.badSignatures === 1 || h.badSignatures % 100 === 0) {
        const hint = h.signedRequests === 0 ? ': if this came from Slack, SLACK_SIGNING_SECRET is wrong' : '';
        this.opts.logger.warn({ badSignatures: h.badSignatures, err }, `request refused: signature check failed${hint}`);
      }
      return false;
    }
  }
}

function isUrlVerification(body: unknown): body is { type: 'url_verification'; challenge?: unknown } {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'url_verification';
}
