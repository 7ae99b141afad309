import { IConstruct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/**
 * Helpers shared by the Knative Operator constructs: `spec.version` and the
 * `spec.config` map of config maps.
 */

/** Throws unless `version` (when given) is `1.23`, `1.23.0` or `latest`. */
export function checkVersion(scope: IConstruct, version: string | undefined): void {
  checkValue(scope, 'version', version, {
    pattern: '^(latest|v?[0-9]+[.][0-9]+([.][0-9]+)?)$',
    allowed: 'must be a Knative release such as "1.23" or "1.23.0", or "latest"',
  });
}

/** Throws unless `configMap`/`key` look like a Knative config map name and key. */
export function checkConfigEntry(scope: IConstruct, configMap: string, key: string, value: string): void {
  check(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(configMap), scope, 'config', configMap,
    'config map names are lower-case words joined by "-", without the "config-" prefix, e.g. "gc"');
  check(/^[-._a-zA-Z0-9]+$/.test(key) || isUnresolved(key), scope, `config.${configMap}`, key,
    'must be a ConfigMap key: letters, digits, "-", "_" or "."');
  check(typeof value === 'string', scope, `config.${configMap}.${key}`, value, 'must be a string (ConfigMap values are strings)');
}

/** Config map entries by config map name (without `config-`) and key. */
export type ConfigMaps = Record<string, Record<string, string>>;

/**
 * Checks one entry and adds it to `entries`; throws when `entries` or
 * `typed` (what typed props set) already hold the key.
 */
export function addConfigEntry(scope: IConstruct, entries: ConfigMaps, typed: ConfigMaps, configMap: string, key: string, value: string): void {
  checkConfigEntry(scope, configMap, key, value);
  const name = configMap.replace(/^config-/, '');
  const before = entries[name]?.[key] ?? typed[name]?.[key];
  check(before === undefined, scope, `config.${name}.${key}`, value,
    `is already set to "${before}"${typed[name]?.[key] !== undefined ? ' by a prop of the construct; set it there' : '; each entry may be added once'}`);
  (entries[name] ??= {})[key] = value;
}

/**
 * `spec.config` from free-form entries and the entries the typed props set
 * (which win); empty config maps are left out, names sorted.
 */
export function mergeConfig(...layers: Array<Record<string, Record<string, string>>>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const layer of layers) {
    for (const [name, entries] of Object.entries(layer)) {
      const key = name.replace(/^config-/, '');
      if (Object.keys(entries).length > 0) out[key] = { ...out[key], ...entries };
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
