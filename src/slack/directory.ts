import type { WebClient } from '@slack/web-api';
import type { Locale } from '../domain/texts/index.js';
import { localeFromSlack } from '../domain/texts/index.js';
import type { Logger } from '../logger.js';

export type ChannelVerdict = 'allowed' | 'not_allowed' | 'unknown';
/** 'unavailable': the staff user group could not be refreshed in time; treated as not staff. */
export type StaffVerdict = 'staff' | 'not_staff' | 'unavailable';

/** How long a staff check may wait for the user group (Slack's 3 s budget includes our own work). */
export const STAFF_LOOKUP_MS = 1000;

interface Person {
  locale: Locale;
  name: string | undefined;
}

interface Cached<T> {
  value: T;
  until: number;
}

/** Resolves within `ms` or yields `fallback`: Slack's 3 s budget is never spent waiting on Slack. */
export function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(fallback), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(fallback);
      },
    );
  });
}

/**
 * What the app needs to know about Slack users and channels, cached briefly so listeners
 * stay fast: whether a channel takes intake, a user's language, and who is staff.
 */
export class SlackDirectory {
  private channels = new Map<string, Cached<ChannelVerdict>>();
  private people = new Map<string, Cached<Person>>();
  private staffGroup: Cached<Set<string>> | null = null;
  private inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: WebClient,
    private readonly settings: {
      vendorChannelIds: string[];
      /** Unset with triage in Teams. */
      triageChannelId?: string;
      staffUserIds: string[];
      staffUsergroupId?: string;
      staffCacheSeconds: number;
    },
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private once<T>(key: string, f: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = f().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** The verdict when it is known without asking Slack (configured channels, or cached). */
  knownIntakeChannel(channelId: string): ChannelVerdict | undefined {
    if (channelId === this.settings.triageChannelId) return 'not_allowed';
    if (this.settings.vendorChannelIds.length > 0) {
      return this.settings.vendorChannelIds.includes(channelId) ? 'allowed' : 'not_allowed';
    }
    const hit = this.channels.get(channelId);
    return hit && hit.until > this.now() ? hit.value : undefined;
  }

  /** Intake is allowed in the configured vendor channels, or (none configured) in any channel shared with another organisation. */
  async intakeChannel(channelId: string): Promise<ChannelVerdict> {
    const known = this.knownIntakeChannel(channelId);
    if (known) return known;
    return this.once(`channel:${channelId}`, async () => {
      try {
        const info = await this.client.conversations.info({ channel: channelId });
        const ch = info.channel as { is_ext_shared?: boolean; is_pending_ext_shared?: boolean } | undefined;
        const value: ChannelVerdict = ch?.is_ext_shared ? 'allowed' : 'not_allowed';
        this.channels.set(channelId, { value, until: this.now() + 5 * 60_000 });
        return value;
      } catch (err) {
        this.log.info({ channelId, err: (err as Error).message }, 'channel lookup failed');
        return 'unknown';
      }
    });
  }

  /** The cached language of a user, if known (no network). */
  cachedLocale(userId: string): Locale | undefined {
    const hit = this.people.get(userId);
    return hit && hit.until > this.now() ? hit.value.locale : undefined;
  }

  async locale(userId: string): Promise<Locale> {
    return (await this.person(userId)).locale;
  }

  /**
   * The user's name as Slack shows it to others (real name, else display name, else handle), for a
   * card on Teams, where a Slack id means nothing. Undefined when users.info did not answer.
   */
  async displayName(userId: string): Promise<string | undefined> {
    return (await this.person(userId)).name;
  }

  /** users.info once an hour per user: language and name (a failed look-up is not cached). */
  private async person(userId: string): Promise<Person> {
    const hit = this.people.get(userId);
    if (hit && hit.until > this.now()) return hit.value;
    return this.once(`user:${userId}`, async (): Promise<Person> => {
      try {
        const info = await this.client.users.info({ user: userId, include_locale: true });
        const user = info.user as { locale?: string; name?: string; real_name?: string; profile?: { real_name?: string; display_name?: string } } | undefined;
        const name = [user?.profile?.real_name, user?.real_name, user?.profile?.display_name, user?.name].find((n) => !!n?.trim())?.trim();
        const value: Person = { locale: localeFromSlack(user?.locale), name };
        this.people.set(userId, { value, until: this.now() + 60 * 60_000 });
        return value;
      } catch (err) {
        this.log.info({ userId, err: (err as Error).message }, 'user lookup failed');
        return { locale: 'nb', name: undefined };
      }
    });
  }

  /**
   * Staff: listed in STAFF_USER_IDS, or a member of STAFF_USERGROUP_ID. The group's membership is
   * cached for STAFF_CACHE_SECONDS; refreshing it waits at most `STAFF_LOOKUP_MS` so that it never
   * costs an acknowledgement. When it cannot be refreshed (error or too slow) and the cache is stale
   * or empty, the answer is 'unavailable': fail closed, never on a stale list (someone may have been
   * removed). A slow look-up goes on in the background and fills the cache for the next attempt.
   */
  async staffVerdict(userId: string): Promise<StaffVerdict> {
    if (this.settings.staffUserIds.includes(userId)) return 'staff';
    const group = this.settings.staffUsergroupId;
    if (!group) return 'not_staff';
    if (this.staffGroup && this.staffGroup.until > this.now()) return this.staffGroup.value.has(userId) ? 'staff' : 'not_staff';
    const refresh = this.once('staff', async (): Promise<Set<string> | null> => {
      try {
        const res = await this.client.usergroups.users.list({ usergroup: group });
        const set = new Set(res.users ?? []);
        this.staffGroup = { value: set, until: this.now() + this.settings.staffCacheSeconds * 1000 };
        return set;
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'staff user group lookup failed');
        return null;
      }
    });
    const members = await within(refresh, STAFF_LOOKUP_MS, null);
    if (!members) return 'unavailable';
    return members.has(userId) ? 'staff' : 'not_staff';
  }

  /** True only when the user is known to be staff (an unavailable check counts as not staff). */
  async isStaff(userId: string): Promise<boolean> {
    return (await this.staffVerdict(userId)) === 'staff';
  }
}
