import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The sandbox workspace's state: messages, ephemeral messages, pins, open modals and Home tabs,
 * and the trigger ids handed out. Kept in memory and saved as JSON beside the sandbox's database,
 * so a restarted sandbox still has the messages its requests point to.
 */
export type Json = Record<string, unknown>;

const messageSchema = z.object({
  channel: z.string(),
  ts: z.string(),
  user: z.string(),
  botId: z.string().optional(),
  text: z.string(),
  blocks: z.array(z.unknown()).optional(),
  threadTs: z.string().optional(),
  metadata: z.unknown().optional(),
  edited: z.boolean().optional(),
  pinned: z.boolean().optional(),
  /** Files shared with the message (files.uploadV2); the bytes are in files/ beside the workspace. */
  files: z.array(z.object({ id: z.string(), name: z.string(), title: z.string(), mimetype: z.string(), size: z.number() })).optional(),
});
export type Message = z.infer<typeof messageSchema>;

export interface Ephemeral {
  id: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  ts: string;
}

export interface View {
  id: string;
  hash: string;
  userId: string;
  type: 'modal' | 'home';
  view: Json;
  rootId: string;
  previousId: string | null;
  /** Field errors from the last `response_action: errors`, by input block_id. */
  errors: Record<string, string>;
}

/** A file being uploaded or uploaded (files.getUploadURLExternal, then its bytes). */
export interface Upload {
  id: string;
  name: string;
  length: number;
  bytes: Buffer | null;
}

export interface LogEntry {
  at: number;
  what: string;
  ok: boolean;
  detail?: string;
}

const savedSchema = z.object({ messages: z.array(messageSchema), tsCounter: z.number().int() });

export class Workspace {
  readonly messages = new Map<string, Message>();
  readonly ephemerals: Ephemeral[] = [];
  readonly views = new Map<string, View>();
  /** Open modal stack per user, root first. */
  readonly stacks = new Map<string, string[]>();
  readonly log: LogEntry[] = [];
  readonly uploads = new Map<string, Upload>();
  private readonly triggers = new Map<string, { userId: string; expires: number; used: boolean }>();
  private counter = 0;
  private tsCounter = 0;
  private listeners = new Set<() => void>();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  version = 0;

  constructor(private readonly file?: string) {}

  async load(): Promise<void> {
    if (!this.file) return;
    const raw = await readFile(this.file, 'utf8').catch(() => null);
    if (raw === null) return;
    const parsed = savedSchema.safeParse((() => { try { return JSON.parse(raw) as unknown; } catch { return null; } })());
    if (!parsed.success) return;
    for (const m of parsed.data.messages) this.messages.set(key(m.channel, m.ts), m);
    this.tsCounter = parsed.data.tsCounter;
  }

  onChange(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  changed(): void {
    this.version += 1;
    for (const f of this.listeners) f();
    if (this.file && !this.saveTimer) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        void this.save();
      }, 100);
    }
  }

  /** Saves one at a time (they share the temporary file); a failed save is noted, never thrown. */
  save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    this.saving = this.saving.then(async () => {
      // The messages carry what the app posted (contact details on the cards): this user's only.
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.tmp`;
      await writeFile(tmp, JSON.stringify({ messages: [...this.messages.values()], tsCounter: this.tsCounter }), { mode: 0o600 });
      await rename(tmp, file);
    }).catch((err: Error) => this.note('saving the sandbox workspace', false, err.message));
    return this.saving;
  }

  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      await this.save();
    }
    await this.saving;
  }

  note(what: string, ok: boolean, detail?: string): void {
    this.log.push({ at: Date.now(), what, ok, ...(detail ? { detail } : {}) });
    if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${Date.now().toString(36).toUpperCase()}${String(this.counter).padStart(4, '0')}`;
  }

  /** Message timestamps as Slack makes them: seconds, a dot, six digits; unique and increasing. */
  nextTs(): string {
    this.tsCounter += 1;
    const s = Math.floor(Date.now() / 1000);
    return `${s}.${String(this.tsCounter % 1_000_000).padStart(6, '0')}`;
  }

  message(channel: string, ts: string): Message | undefined {
    return this.messages.get(key(channel, ts));
  }

  putMessage(m: Message): void {
    this.messages.set(key(m.channel, m.ts), m);
  }

  /** A trigger id is good for one use, by the user it was made for, within 3 seconds. */
  mintTrigger(userId: string): string {
    const id = `${Date.now()}.${this.nextId('')}.${Math.random().toString(16).slice(2, 18)}`;
    this.triggers.set(id, { userId, expires: Date.now() + 3000, used: false });
    for (const [k, t] of this.triggers) if (t.expires < Date.now() - 60_000) this.triggers.delete(k);
    return id;
  }

  useTrigger(id: string): { userId: string } | { error: string } {
    const t = this.triggers.get(id);
    if (!t) return { error: 'invalid_trigger_id' };
    if (t.used) return { error: 'exchanged_trigger_id' };
    if (t.expires < Date.now()) return { error: 'expired_trigger_id' };
    t.used = true;
    return { userId: t.userId };
  }

  stackOf(userId: string): string[] {
    return this.stacks.get(userId) ?? [];
  }

  /** Closes a modal and everything pushed above it; closing the root closes the whole stack. */
  closeView(userId: string, viewId: string, all = false): void {
    const stack = this.stackOf(userId);
    const at = stack.indexOf(viewId);
    if (at < 0) return;
    const removed = all ? stack.splice(0) : stack.splice(at);
    for (const id of removed) this.views.delete(id);
    if (stack.length === 0) this.stacks.delete(userId);
  }

  /** Where uploaded files' bytes are kept, beside the saved workspace (none for an unsaved one). */
  get filesDir(): string | undefined {
    return this.file ? path.join(path.dirname(this.file), 'files') : undefined;
  }

  /** Keeps an uploaded file's bytes (on disk too, so a restarted sandbox still serves them). */
  async storeBytes(id: string, bytes: Buffer): Promise<void> {
    const u = this.uploads.get(id);
    if (u) u.bytes = bytes;
    const dir = this.filesDir;
    if (dir) {
      // Reports and exports may carry contact details: this user's only.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(path.join(dir, id), bytes, { mode: 0o600 });
    }
  }

  async bytesOf(id: string): Promise<Buffer | null> {
    const u = this.uploads.get(id);
    if (u?.bytes) return u.bytes;
    const dir = this.filesDir;
    if (!dir || !/^F[A-Z0-9]+$/.test(id)) return null;
    return readFile(path.join(dir, id)).catch(() => null);
  }

  homeOf(userId: string): View | undefined {
    return [...this.views.values()].find((v) => v.type === 'home' && v.userId === userId);
  }
}

const key = (channel: string, ts: string) => `${channel}/${ts}`;
