/**
 * What the API server checks in every object's `metadata` beyond its
 * schema: the syntax of label keys and values and of annotation keys, and
 * the total size of the annotations (apimachinery's `ValidateObjectMeta`).
 */
import {
  ANNOTATIONS_SIZE_LIMIT, annotationsSize, isAnnotationKey, isLabelValue, isQualifiedName, LABEL_VALUE_RULE, QUALIFIED_NAME_RULE,
} from '../core/labels';
import { describeValue } from '../core/errors';
import { appendPath } from './paths';
import { Finding } from './types';

/** A finding of the metadata checks, with its rule id. */
export interface MetadataFinding extends Finding {
  /** `schema/label-key`, `schema/label-value`, `schema/annotation-key` or `schema/annotations-size`. */
  readonly rule: string;
}

/**
 * The label and annotation problems of one object's `metadata`. Values that
 * are not strings are left to the schema layer, which reports their type.
 */
export function metadataFindings(meta: Record<string, unknown> | undefined): MetadataFinding[] {
  const out: MetadataFinding[] = [];
  const labels = record(meta?.labels);
  for (const key in labels) {
    if (!isQualifiedName(key)) {
      out.push({ rule: 'schema/label-key', path: 'metadata.labels', message: `label key ${describeValue(key)} is not a qualified name`, hint: QUALIFIED_NAME_RULE });
    }
    const value = labels[key];
    if (typeof value === 'string' && !isLabelValue(value)) {
      out.push({ rule: 'schema/label-value', path: appendPath('metadata.labels', key), message: `${describeValue(value)} is not a label value`, hint: LABEL_VALUE_RULE });
    }
  }
  const annotations = record(meta?.annotations);
  if (annotations === undefined) return out;
  for (const key in annotations) {
    if (!isAnnotationKey(key)) {
      out.push({ rule: 'schema/annotation-key', path: 'metadata.annotations', message: `annotation key ${describeValue(key)} is not a qualified name`, hint: QUALIFIED_NAME_RULE });
    }
  }
  const size = annotationsSize(annotations);
  if (size > ANNOTATIONS_SIZE_LIMIT) {
    out.push({ rule: 'schema/annotations-size', path: 'metadata.annotations', message: `the annotations take ${size} bytes`, hint: `at most ${ANNOTATIONS_SIZE_LIMIT} bytes in all` });
  }
  return out;
}

function record(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? x as Record<string, unknown> : undefined;
}
