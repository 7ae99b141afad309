import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as kn from '../../src';

/** Props of {@link BlueGreenChart}. */
export interface BlueGreenChartProps extends ChartProps {
  /**
   * Image of the new Revision (`web-green`), reachable at its tag URL before it goes live.
   * The blue Revision (`web-blue`) is the one the previous deploy created; Knative keeps it.
   */
  readonly greenImage: string;
  /**
   * Which Revision takes the traffic. Flip it to `GREEN` to go live, back to `BLUE` to roll back.
   * @default BlueGreenSide.BLUE
   */
  readonly live?: kn.BlueGreenSide;
}

/**
 * Blue-green deploy of a Knative Service. Knative keeps every Revision, so the
 * app names both: the blue one stays pinned, the green one is the Service's
 * current template. Both keep a tag URL (`blue-web.<ns>.<domain>`,
 * `green-web.<ns>.<domain>`); only the live one gets traffic at `web.<ns>.<domain>`.
 *
 * Going live is a one-line change (`live: BlueGreenSide.GREEN`), and so is the rollback.
 */
export class BlueGreenChart extends Chart {
  /** The Knative Service `web`. */
  public readonly service: kn.Service;

  constructor(scope: Construct, id: string, props: BlueGreenChartProps) {
    super(scope, id, { namespace: 'web', ...props });
    this.service = new kn.Service(this, 'Web', {
      metadata: { name: 'web' }, // part of the URL: set explicitly
      revisionName: 'web-green',
      container: {
        image: props.greenImage,
        envVariables: { RELEASE: kplus.EnvValue.fromValue('green') },
        readiness: kplus.Probe.fromHttpGet('/healthz'),
      },
      containerConcurrency: 50,
    });
    // The blue Revision was created by the previous deploy; it stays pinned by name.
    this.service.blueGreen({ blue: 'web-blue', green: 'web-green', live: props.live });
  }
}
