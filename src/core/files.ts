/**
 * Reading a file that anyone may have written (a pull request's YAML, an
 * event file, a CRD): only a regular file, opened without blocking (a FIFO or
 * device is refused, never waited on), and at most a given number of bytes
 * whatever the file says its size is. Every command and loader of the
 * package reads untrusted files through here.
 */
import * as fs from 'fs';

/**
 * The bytes of the regular file at the real path `real`, read through one non-blocking descriptor that is
 * checked to be the regular file `stat` saw, and at most `maxBytes` + 1 of them:
 * the limit holds whatever size the file claims. A string says why not;
 * `limitHint` says how to raise the limit.
 */
export function readRegularFile(real: string, stat: fs.Stats, maxBytes: number, limitHint = ''): Buffer | string {
  const tooLarge = `file is too large (at most ${maxBytes} bytes are read${limitHint ? `; ${limitHint}` : ''}); split it into smaller files`;
  if (!stat.isFile()) return `is not a regular file (it is ${fileType(stat)}); only regular files are read`;
  if (stat.size > maxBytes) return tooLarge;
  const c = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(real, c.O_RDONLY | (c.O_NONBLOCK ?? 0) | (c.O_NOFOLLOW ?? 0));
  } catch (e) {
    return `cannot read: ${reason(e)}`;
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) {
      return `is not a regular file (it is ${fileType(opened)}, or was replaced while being read); only regular files are read`;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return tooLarge;
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    return `cannot read: ${reason(e)}`;
  } finally {
    fs.closeSync(fd);
  }
}

export function fileType(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file or directory';
  if (err && err.code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(e);
}
