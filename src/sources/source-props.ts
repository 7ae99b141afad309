import { ResourceProps } from 'cdk8s-plus-27';
import { ISink } from '../core/reference';

/** What every event source takes: where its events go and CloudEvent overrides. */
export interface SourceProps extends ResourceProps {
  /** Where the source sends its events. */
  readonly sink: ISink;
  /**
   * CloudEvent extension attributes added to (or overridden on) every event,
   * by attribute name (lower-case a-z and 0-9, starting with a letter). The
   * values may be chart values; the names, checked at synth, may not.
   * @default - none
   * @see https://knative.dev/docs/eventing/custom-event-source/sinkbinding/create-a-sinkbinding/
   */
  readonly ceOverrides?: { [key: string]: string };
}
