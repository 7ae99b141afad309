import { X509Certificate } from 'crypto';
import { isUnresolved } from './tokens';

/**
 * What Knative (knative/pkg `Destination` validation) finds wrong with
 * `CACerts`: the first PEM block must be a `CERTIFICATE` that parses as X.509.
 * Returns undefined when the text passes; never quotes the text itself.
 */
export function caCertsProblem(pem: unknown): string | undefined {
  if (isUnresolved(pem)) return undefined;
  if (typeof pem !== 'string') return 'must be PEM text';
  const block = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/.exec(pem);
  if (!block) return 'no PEM block found; must hold PEM-encoded CA certificates ("-----BEGIN CERTIFICATE-----" ...)';
  if (block[1] !== 'CERTIFICATE') return `the first PEM block is a ${JSON.stringify(block[1])}, not a CERTIFICATE`;
  try {
    new X509Certificate(block[0]);
  } catch {
    return 'the first CERTIFICATE block is not a valid X.509 certificate';
  }
  return undefined;
}
