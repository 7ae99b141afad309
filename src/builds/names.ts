import { createHash } from 'crypto';
import { isUnresolved } from '../core/tokens';

/** The longest name Tekton accepts for its objects (it copies them into label values). */
const MAX_NAME_LENGTH = 63;

/** Length of the hash that keeps a cut name unique. */
const HASH_LENGTH = 8;

/**
 * `<base>-<role>`: the readable, stable name of an object a construct
 * generates (`app-pipeline`, `app-runner`). When that passes 63 characters,
 * the base is cut and a short hash of the whole name keeps it unique:
 * `<cut base>-<hash>-<role>`. A name holding an unresolved token (a chart
 * value) is left whole.
 */
export function childName(base: string, role: string): string {
  const full = `${base}-${role}`;
  if (full.length <= MAX_NAME_LENGTH || isUnresolved(base)) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  const room = MAX_NAME_LENGTH - role.length - HASH_LENGTH - 2;
  const cut = base.slice(0, Math.max(room, 0)).replace(/(?<![-.])[-.]+$/, '');
  return cut ? `${cut}-${hash}-${role}` : `${hash}-${role}`;
}
