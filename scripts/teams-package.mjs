// `npm run teams:package`: the Teams app package to upload (Teams admin centre, or "Upload a custom
// app"): teams/manifest.json with the bot's app id filled in, and its two icons, zipped at the root.
//   TEAMS_APP_ID=<guid> [TEAMS_APP_DOMAIN=tt02.example.no] npm run teams:package [-- <out.zip>]
// Written with node:zlib alone (deflate and crc32), so it needs no dependency. Default output:
// .data/teams-app.zip.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { dirname, resolve } from 'node:path';
import process from 'node:process';
import { crc32, deflateRawSync } from 'node:zlib';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function refuse(line) {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

const appId = (process.env.TEAMS_APP_ID ?? '').trim();
if (!GUID.test(appId)) {
  refuse(
    appId
      ? `TEAMS_APP_ID should be the bot's Entra application (client) id, a GUID such as 11111111-2222-3333-4444-555555555555 (got "${appId}")`
      : "TEAMS_APP_ID is not set: set it to the bot's Entra application (client) id, then run npm run teams:package again",
  );
}
const domain = (process.env.TEAMS_APP_DOMAIN ?? '').trim();
if (domain && !HOST.test(domain)) refuse(`TEAMS_APP_DOMAIN should be the app's host name alone, such as tt02.example.no, without https:// or a path (got "${domain}")`);

const root = new URL('../teams/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8'));
// The placeholders, filled: the app id everywhere it is named; the domain, or no valid domain at all.
const filled = JSON.parse(JSON.stringify(manifest).replaceAll('{{TEAMS_APP_ID}}', appId.toLowerCase()));
filled.validDomains = domain ? [domain] : [];
const files = [
  { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(filled, null, 2)}\n`) },
  { name: manifest.icons.color, data: readFileSync(new URL(manifest.icons.color, root)) },
  { name: manifest.icons.outline, data: readFileSync(new URL(manifest.icons.outline, root)) },
];

/** A zip (PKWARE APPNOTE 4.3): local headers with the deflated data, then the central directory. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  // 1980-01-01 00:00 in DOS time: a fixed stamp, so the same inputs give the same bytes.
  const time = 0;
  const date = (0 << 9) | (1 << 5) | 1;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk, internal attributes: 0; external attributes: 0; then the local header's offset.
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const out = resolve(process.argv[2] ?? '.data/teams-app.zip');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, zip(files));
process.stdout.write(`${out}: manifest.json (app ${appId.toLowerCase()}${domain ? `, domain ${domain}` : ''}), ${manifest.icons.color}, ${manifest.icons.outline}\n`);
