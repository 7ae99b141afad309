import { IConstruct } from 'constructs';
import { describeValue, KnativePropError } from '../core/errors';

/** A problem found in a construct's whole state: thrown early, or reported by `node.validate()`. */
export interface BuildIssue {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Throws the first issue as a {@link KnativePropError}. */
export function throwFirst(scope: IConstruct, issues: readonly BuildIssue[]): void {
  const first = issues[0];
  if (first) throw new KnativePropError(scope, first.field, first.value, first.allowed);
}

/** The issues as `node.addValidation()` messages (cdk8s prefixes the construct path). */
export function issueMessages(issues: readonly BuildIssue[]): string[] {
  return issues.map(i => `${i.field}: ${describeValue(i.value)} is not allowed; ${i.allowed}`);
}
