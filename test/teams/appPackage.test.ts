/**
 * `npm run teams:package`: the zip a Teams admin uploads. Read back here with a few lines of node
 * (the central directory, then each entry inflated), as Teams reads it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

async function pack(env: Record<string, string>, out = join(dir, 'app.zip')) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEAMS_')));
  return run(process.execPath, ['scripts/teams-package.mjs', out], { env: { ...clean, ...env } });
}

/** The zip's entries by name, from its central directory (end record, then each entry's local header). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [method, crc, size, length] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 16), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 24)];
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(data.length).toBe(length);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

/** A PNG's width, height and colour type (from IHDR). */
const png = (b: Buffer) => {
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25] };
};

interface Manifest {
  id: string;
  manifestVersion: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  supportsChannelFeatures: string;
  validDomains: string[];
  webApplicationInfo: { id: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
}

describe('npm run teams:package', () => {
  it('zips the manifest with the app id filled in and its two icons at the root', async () => {
    const { stdout } = await pack({ TEAMS_APP_ID: APP_ID.toUpperCase(), TEAMS_APP_DOMAIN: 'tt02.brreg.example' });
    expect(stdout).toContain(APP_ID);
    const files = unzip(readFileSync(join(dir, 'app.zip')));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const text = files.get('manifest.json')!.toString('utf8');
    expect(text).not.toContain('{{');
    const m = JSON.parse(text) as Manifest;
    expect(Number(m.manifestVersion)).toBeGreaterThanOrEqual(1.17);
    expect(m.id).toBe(APP_ID);
    expect(m.webApplicationInfo.id).toBe(APP_ID);
    expect(m.bots).toHaveLength(1);
    expect(m.bots[0]!.botId).toBe(APP_ID);
    expect(m.bots[0]!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const personal = m.bots[0]!.commandLists.find((l) => l.scopes.includes('personal'))!;
    expect(personal.commands.map((c) => c.title)).toEqual(['queue', 'find', 'altinn', 'report', 'export', 'help']);
    expect(m.bots[0]!.commandLists.some((l) => l.scopes.includes('team'))).toBe(true);
    expect(m.supportsChannelFeatures).toBe('tier1');
    expect(m.authorization.permissions.resourceSpecific).toContainEqual({ name: 'ChannelMessage.Read.Group', type: 'Application' });
    expect(m.validDomains).toEqual(['tt02.brreg.example']);

    // Teams wants a 192×192 colour icon and a 32×32 outline one, both PNG with transparency.
    expect(png(files.get(m.icons.color)!)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(png(files.get(m.icons.outline)!)).toEqual({ width: 32, height: 32, colorType: 6 });
    // The packaged icons are the committed ones.
    expect(files.get('color.png')).toEqual(readFileSync('teams/color.png'));
    // The outline's source draws in white only.
    const outline = readFileSync('teams/icon-outline.svg', 'utf8');
    expect([...new Set(outline.match(/#[0-9a-f]{3,6}\b/gi))].map((c) => c.toUpperCase())).toEqual(['#FFFFFF']);
  });

  it('without TEAMS_APP_DOMAIN the manifest names no valid domain', async () => {
    await pack({ TEAMS_APP_ID: APP_ID }, join(dir, 'nodomain.zip'));
    const m = JSON.parse(unzip(readFileSync(join(dir, 'nodomain.zip'))).get('manifest.json')!.toString('utf8')) as Manifest;
    expect(m.validDomains).toEqual([]);
  });

  it.each([
    [{}, /^TEAMS_APP_ID is not set/],
    [{ TEAMS_APP_ID: 'my-bot' }, /^TEAMS_APP_ID should be .* a GUID .*\(got "my-bot"\)$/],
    [{ TEAMS_APP_ID: APP_ID, TEAMS_APP_DOMAIN: 'https://tt02.brreg.example/' }, /^TEAMS_APP_DOMAIN should be the app's host name alone/],
  ])('refuses with one clear line: %j', async (env, line) => {
    const out = join(dir, 'refused.zip');
    const err = (await pack(env, out).then(() => undefined, (e: unknown) => e)) as { code: number; stderr: string } | undefined;
    expect(err?.code).toBe(1);
    expect(err!.stderr.trim().split('\n')).toHaveLength(1);
    expect(err!.stderr.trim()).toMatch(line);
    expect(() => readFileSync(out)).toThrow();
  });
});
