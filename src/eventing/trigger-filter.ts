import { IConstruct } from 'constructs';
import { check, checkValue, withDefaultNote } from '../core/errors';
import { constrainAtInstall, holdsToken, plainValue, ValueRule } from '../core/install-values';
import { checkAttributeName } from './attributes';
import { cesqlSyntaxError, cesqlWarnings } from '../core/syntax';
import { addWarning } from '../core/warnings';

/** What the chart can check of a CESQL expression: that there is one. */
const CESQL_RULE: ValueRule = { pattern: '^[\\s]*[^\\s][\\s\\S]*$', allowed: 'must be a CloudEvents SQL expression (not empty)' };

type Dialect = 'exact' | 'prefix' | 'suffix' | 'all' | 'any' | 'not' | 'cesql';

/**
 * One expression of a Trigger's `filters` (Knative's SubscriptionsAPIFilter
 * dialects). All filters of a Trigger must match for an event to be delivered.
 *
 * Attribute names, values and CESQL expressions may be chart values: the
 * default is checked as a plain value would be, and the chart refuses at
 * install a name that is not an attribute name or an empty prefix or suffix
 * (a CESQL expression is only parsed by its default).
 *
 * @see https://knative.dev/docs/eventing/triggers/#trigger-filtering
 */
export class TriggerFilter {
  /** The attribute equals `value` exactly. */
  public static exact(attribute: string, value: string): TriggerFilter {
    return new TriggerFilter('exact', { attribute, value });
  }

  /** The attribute starts with `value`. */
  public static prefix(attribute: string, value: string): TriggerFilter {
    return new TriggerFilter('prefix', { attribute, value });
  }

  /** The attribute ends with `value`. */
  public static suffix(attribute: string, value: string): TriggerFilter {
    return new TriggerFilter('suffix', { attribute, value });
  }

  /** Every nested filter matches (at least one is needed). */
  public static all(...filters: TriggerFilter[]): TriggerFilter {
    return new TriggerFilter('all', { filters });
  }

  /** At least one nested filter matches (at least one is needed). */
  public static any(...filters: TriggerFilter[]): TriggerFilter {
    return new TriggerFilter('any', { filters });
  }

  /** The nested filter does not match (Knative's `not` dialect). */
  public static negate(filter: TriggerFilter): TriggerFilter {
    return new TriggerFilter('not', { filters: [filter] });
  }

  /**
   * A CloudEvents SQL (CESQL v1) expression, e.g. `source LIKE '%.example.com'`.
   * Parsed here as Knative's webhook parses it: one that does not parse
   * fails with the position and what was expected. A call of an unknown
   * function or with a wrong number of arguments, which Knative admits but
   * which fails on every event, is recorded as a warning.
   * @see https://github.com/cloudevents/spec/tree/main/cesql
   */
  public static cesql(expression: string): TriggerFilter {
    return new TriggerFilter('cesql', { expression });
  }

  private constructor(
    private readonly dialect: Dialect,
    private readonly data: { attribute?: string; value?: string; filters?: TriggerFilter[]; expression?: string },
  ) {}

  /**
   * The filter as written to `spec.filters[]`, checked; `field` names it in errors.
   * @internal
   */
  public _render(scope: IConstruct, field: string): Record<string, unknown> {
    const { attribute, value, filters, expression } = this.data;
    switch (this.dialect) {
      case 'exact':
      case 'prefix':
      case 'suffix': {
        const name = plainValue(scope, attribute!);
        checkAttributeName(scope, `${field}.${this.dialect}`, attribute!);
        check(typeof value === 'string', scope, `${field}.${this.dialect}.${name}`, value, 'must be a string');
        if (this.dialect !== 'exact') {
          checkValue(scope, `${field}.${this.dialect}.${name}`, value, { minLength: 1, allowed: `a ${this.dialect} must not be empty` });
        }
        return { [this.dialect]: { [attribute!]: value } };
      }
      case 'all':
      case 'any':
        check(filters!.length > 0, scope, `${field}.${this.dialect}`, [], `${this.dialect} must contain at least one nested filter`);
        return { [this.dialect]: filters!.map((f, i) => f._render(scope, `${field}.${this.dialect}[${i}]`)) };
      case 'not':
        return { not: filters![0]._render(scope, `${field}.not`) };
      case 'cesql': {
        // a chart value is parsed by its default; the chart can only ask for a non-empty expression
        constrainAtInstall(scope, `${field}.cesql`, expression, CESQL_RULE);
        const plain = plainValue(scope, expression);
        const error = typeof plain === 'string' ? cesqlSyntaxError(plain) : 'not a string';
        check(error === undefined, scope, `${field}.cesql`, plain,
          withDefaultNote(holdsToken(expression), `must be a CloudEvents SQL expression (${error})`));
        if (typeof plain === 'string') for (const w of cesqlWarnings(plain)) addWarning(scope, `${field}.cesql: ${w}`);
        return { cesql: expression };
      }
    }
  }

  /**
   * The event types this filter requires to match: values of `type` in
   * exact, prefix and suffix filters (outside `not`).
   * @internal
   */
  public _typeConstraints(): Array<{ readonly dialect: 'exact' | 'prefix' | 'suffix'; readonly value: string }> {
    switch (this.dialect) {
      case 'exact':
      case 'prefix':
      case 'suffix':
        return this.data.attribute === 'type' ? [{ dialect: this.dialect, value: this.data.value! }] : [];
      case 'all':
      case 'any':
        return this.data.filters!.flatMap(f => f._typeConstraints());
      default:
        return [];
    }
  }
}
