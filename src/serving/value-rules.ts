import { ValueRule } from '../core/install-values';
import { LABEL_VALUE_RULE } from '../core/labels';

/**
 * Name rules as chart value rules (patterns both ECMAScript and Go's RE2 read
 * the same way, lengths in the counts where a template `fail` checks them),
 * with the words of the constructs' own errors.
 * @internal
 */

/** A domain of at least two labels. */
export const TWO_LABELS: ValueRule = {
  pattern: '^.*[.].*$',
  allowed: 'must be a fully qualified domain with at least two labels, e.g. "api.example.com"',
};

/** A label value. */
export const LABEL_VALUE: ValueRule = {
  pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$',
  allowed: LABEL_VALUE_RULE,
};

/** A DNS subdomain of at least two labels whose top-level label is not all digits (Istio refuses one as a host). */
export const DOMAIN_PATTERN = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?[.])+([a-z]([-a-z0-9]*[a-z0-9])?|[0-9]+[a-z]([-a-z0-9]*[a-z0-9])?|[0-9]+-[-a-z0-9]*[a-z0-9])$';
