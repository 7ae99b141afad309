import { App, Chart, Duration, Testing } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { AutoscalingClass, AutoscalingMetric, AutoscalingProps, Service } from '../../src/serving';
import { messageOf } from '../core/thrown';

function annotations(autoscaling: AutoscalingProps): Record<string, string> | undefined {
  const chart = Testing.chart();
  new Service(chart, 'Svc', { metadata: { name: 'svc' }, container: { image: 'img' }, autoscaling });
  return Testing.synth(chart)[0].spec.template.metadata?.annotations;
}

describe('autoscaling', () => {
  test('every KPA prop becomes its autoscaling.knative.dev annotation', () => {
    expect(annotations({
      autoscalingClass: AutoscalingClass.KPA,
      metric: AutoscalingMetric.RPS,
      target: 150,
      targetUtilizationPercentage: 80,
      minScale: 1,
      maxScale: 20,
      initialScale: 2,
      activationScale: 3,
      scaleDownDelay: Duration.minutes(5),
      window: Duration.seconds(90),
      panicWindowPercentage: 20,
      panicThresholdPercentage: 300,
    })).toEqual({
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'rps',
      'autoscaling.knative.dev/target': '150',
      'autoscaling.knative.dev/target-utilization-percentage': '80',
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '20',
      'autoscaling.knative.dev/initial-scale': '2',
      'autoscaling.knative.dev/activation-scale': '3',
      'autoscaling.knative.dev/scale-down-delay': '300s',
      'autoscaling.knative.dev/window': '90s',
      'autoscaling.knative.dev/panic-window-percentage': '20',
      'autoscaling.knative.dev/panic-threshold-percentage': '300',
    });
  });

  test('HPA on CPU', () => {
    expect(annotations({ autoscalingClass: AutoscalingClass.HPA, metric: AutoscalingMetric.CPU, target: 80 })).toEqual({
      'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'cpu',
      'autoscaling.knative.dev/target': '80',
    });
  });

  test('scaleToZero false keeps one pod by default', () => {
    expect(annotations({ scaleToZero: false })).toEqual({ 'autoscaling.knative.dev/min-scale': '1' });
    expect(annotations({ scaleToZero: false, minScale: 3 })).toEqual({ 'autoscaling.knative.dev/min-scale': '3' });
  });

  test('no props, no annotations', () => {
    expect(annotations({})).toBeUndefined();
  });

  test('custom class and metric pass through', () => {
    expect(annotations({ autoscalingClass: AutoscalingClass.custom('autoscaler.example.com'), metric: AutoscalingMetric.custom('queue-depth') }))
      .toEqual({ 'autoscaling.knative.dev/class': 'autoscaler.example.com', 'autoscaling.knative.dev/metric': 'queue-depth' });
  });

  test.each([
    [{ minScale: 5, maxScale: 2 }, /autoscaling.minScale: 5 is not allowed; must not exceed maxScale \(2\)/],
    [{ initialScale: 5, maxScale: 2 }, /autoscaling.initialScale: 5 is not allowed; must not exceed maxScale \(2\)/],
    [{ minScale: -1 }, /autoscaling.minScale: -1 is not allowed; must be an integer 0 or more/],
    [{ maxScale: 1.5 }, /autoscaling.maxScale: 1.5 is not allowed/],
    [{ metric: AutoscalingMetric.CPU }, /autoscaling.metric: "cpu" is not allowed; the KPA class scales on "concurrency" or "rps"/],
    [{ autoscalingClass: AutoscalingClass.HPA, metric: AutoscalingMetric.CONCURRENCY }, /autoscaling.metric: "concurrency" is not allowed; the HPA class scales on "cpu", "memory"/],
    [{ autoscalingClass: AutoscalingClass.HPA }, /autoscaling.metric: undefined is not allowed; the HPA class scales on/],
    [{ autoscalingClass: AutoscalingClass.HPA, metric: AutoscalingMetric.CPU, scaleToZero: true }, /autoscaling.scaleToZero: true is not allowed; the HPA class cannot scale to zero/],
    [{ autoscalingClass: AutoscalingClass.HPA, metric: AutoscalingMetric.CPU, window: Duration.seconds(60) }, /autoscaling.window: .* is not allowed; applies to the KPA class only/],
    [{ scaleToZero: false, minScale: 0 }, /autoscaling.minScale: 0 is not allowed; must be at least 1 when scaleToZero is false/],
    [{ target: 0.001 }, /autoscaling.target: 0.001 is not allowed; must be a number of at least 0.01/],
    [{ targetUtilizationPercentage: 101 }, /autoscaling.targetUtilizationPercentage: 101 is not allowed; must be from 1 to 100/],
    [{ window: Duration.seconds(5) }, /autoscaling.window: "5s" is not allowed; must be whole seconds from 6s to 3600s/],
    [{ window: Duration.hours(2) }, /autoscaling.window: "7200s" is not allowed/],
    [{ scaleDownDelay: Duration.hours(2) }, /autoscaling.scaleDownDelay: "7200s" is not allowed; must be whole seconds from 0s to 3600s/],
    [{ panicWindowPercentage: 0 }, /autoscaling.panicWindowPercentage: 0 is not allowed; must be from 1 to 100/],
    [{ panicThresholdPercentage: 100 }, /autoscaling.panicThresholdPercentage: 100 is not allowed; must be from 110 to 1000/],
    [{ activationScale: 1 }, /autoscaling.activationScale: 1 is not allowed; must be an integer 2 or more/],
    [{ activationScale: 3, minScale: 5 }, /autoscaling.activationScale: 3 is not allowed; must be at least minScale \(5\)/],
    [{ activationScale: 9, maxScale: 5 }, /autoscaling.activationScale: 9 is not allowed; must not exceed maxScale \(5\)/],
    [{ window: Duration.millis(6500) }, /autoscaling.window: "6.5s" is not allowed; must be whole seconds/],
  ] as Array<[AutoscalingProps, RegExp]>)('fails when autoscaling props are invalid: %#', (props, message) => {
    expect(() => annotations(props)).toThrow(message);
  });

  test('the error names the construct path', () => {
    expect(() => annotations({ minScale: 5, maxScale: 2 })).toThrow(/^\[test\/Svc\] /);
  });
});

describe('autoscaling bounds read from chart value defaults', () => {
  function bounds(minScale: number | undefined, maxScale: number | undefined): string {
    const chart = new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'c', { namespace: 'shop' });
    const int = (key: string, d: number | undefined) => d === undefined ? undefined : ChartValue.integerValue(chart, key, { defaultValue: d }).asNumber();
    return messageOf(() => new Service(chart, 'svc', { metadata: { name: 'shop' }, container: { image: 'img' }, autoscaling: { minScale: int('s.min', minScale), maxScale: int('s.max', maxScale) } }));
  }

  test('fails when the minScale default exceeds the maxScale default, with the note every check of a default ends with', () => {
    expect(bounds(5, 3)).toBe('[c/svc] autoscaling.minScale: 5 is not allowed; must not exceed maxScale, unless maxScale is 0 (no limit) (this is the default of a chart value)');
  });

  test('fails when the minScale default exceeds a plain maxScale, with the note', () => {
    const chart = new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'c', { namespace: 'shop' });
    const minScale = ChartValue.integerValue(chart, 's.min', { defaultValue: 5 }).asNumber();
    expect(messageOf(() => new Service(chart, 'svc', { metadata: { name: 'shop' }, container: { image: 'img' }, autoscaling: { minScale, maxScale: 3 } })))
      .toBe('[c/svc] autoscaling.minScale: 5 is not allowed; must not exceed maxScale (3) (this is the default of a chart value)');
  });

  test('fails without the note when both bounds are plain', () => {
    const chart = Testing.chart();
    expect(messageOf(() => new Service(chart, 'svc', { metadata: { name: 'shop' }, container: { image: 'img' }, autoscaling: { minScale: 5, maxScale: 3 } })))
      .toBe('[test/svc] autoscaling.minScale: 5 is not allowed; must not exceed maxScale (3)');
  });
});
