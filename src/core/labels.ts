/**
 * Kubernetes' syntax for label keys and values and annotation keys
 * (apimachinery's `ValidateLabels` / `ValidateAnnotations`), which the API
 * server checks on every object and no CRD schema spells out.
 */
import { IConstruct } from 'constructs';
import { check } from './errors';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, isDns1123Subdomain } from './names';
import { isUnresolved } from './tokens';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Most bytes all annotations of one object may take (keys and values), as the API server counts. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/** What a qualified name is, for messages and hints. */
export const QUALIFIED_NAME_RULE = 'must be [prefix/]name: name at most 63 letters, digits, \'-\', \'_\' or \'.\', '
  + 'starting and ending with a letter or digit; prefix a DNS-1123 subdomain';

/** What a label value is, for messages and hints. */
export const LABEL_VALUE_RULE = 'must be empty or at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';

/** True for a Kubernetes qualified name (`app`, `example.com/team`): the form of label and annotation keys. */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && !(slash > 0 && isDns1123Subdomain(key.slice(0, slash)))) return false;
  return name.length <= 63 && NAME_PART.test(name);
}

/** True for a Kubernetes label value: empty, or at most 63 characters of the name form. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_PART.test(value));
}

/**
 * True for an annotation key: Kubernetes checks the lower-cased key as a
 * qualified name, so an upper-case prefix passes.
 */
export function isAnnotationKey(key: string): boolean {
  return isQualifiedName(key.toLowerCase());
}

/** Bytes the annotations take, keys and values, as the API server counts them (UTF-8). */
export function annotationsSize(annotations: Record<string, unknown>): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(annotations)) bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return bytes;
}

/** The part of an object's metadata the label and annotation checks read. */
export interface LabelledMetadata {
  /** Labels, by key. */
  readonly labels?: Record<string, string>;
  /** Annotations, by key. */
  readonly annotations?: Record<string, string>;
}

/**
 * Throws unless the labels and annotations of `metadata` (when given) are
 * what the API server accepts. Keys or values holding a Helm chart value
 * token are left to the chart schema.
 */
export function checkLabelsAndAnnotations(scope: IConstruct, metadata: LabelledMetadata | undefined, field = 'metadata'): void {
  for (const [key, value] of Object.entries(metadata?.labels ?? {})) {
    if (isUnresolved(key)) continue;
    check(isQualifiedName(key), scope, `${field}.labels`, key, `label keys ${QUALIFIED_NAME_RULE}`);
    if (typeof value === 'string' && !isUnresolved(value)) check(isLabelValue(value), scope, `${field}.labels.${key}`, value, LABEL_VALUE_RULE);
  }
  const annotations = metadata?.annotations ?? {};
  for (const key of Object.keys(annotations)) {
    if (!isUnresolved(key)) check(isAnnotationKey(key), scope, `${field}.annotations`, key, `annotation keys ${QUALIFIED_NAME_RULE}`);
  }
  const size = annotationsSize(annotations);
  check(size <= ANNOTATIONS_SIZE_LIMIT, scope, `${field}.annotations`, `${size} bytes`, `must take at most ${ANNOTATIONS_SIZE_LIMIT} bytes in all`);
}

/** The forms Kubernetes kinds require of `metadata.name`. */
export type NameForm = 'dns1035-label' | 'dns1123-label' | 'dns1123-subdomain';

const NAME_CHECKS: Record<NameForm, (scope: IConstruct, field: string, value: string | undefined) => void> = {
  'dns1035-label': checkDns1035Label,
  'dns1123-label': checkDns1123Label,
  'dns1123-subdomain': checkDns1123Subdomain,
};

/**
 * Throws unless an object's metadata is what the API server accepts: `name`
 * (when given) of the form its kind requires, and the labels and annotations
 * (see {@link checkLabelsAndAnnotations}).
 */
export function checkObjectMeta(scope: IConstruct, metadata: LabelledMetadata | undefined, name: string | undefined, form: NameForm): void {
  NAME_CHECKS[form](scope, 'metadata.name', name);
  checkLabelsAndAnnotations(scope, metadata);
}
