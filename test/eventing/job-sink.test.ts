import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { JobSink } from '../../src/eventing';

describe('JobSink', () => {
  test('writes a Job with hardened containers that never restart', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const sink = new JobSink(chart, 'J', {
      metadata: { name: 'resize' },
      containers: [{ image: 'ghcr.io/example/resize:1', args: ['--in', '/etc/jobsink-event/event'] }],
      backoffLimit: 2, activeDeadline: Duration.minutes(10), ttlAfterFinished: Duration.hours(1),
    });
    const obj = Testing.synth(chart)[0];
    expect(obj).toMatchObject({ apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink', metadata: { name: 'resize', namespace: 'shop' } });
    const jobSpec = obj.spec.job.spec;
    expect(jobSpec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600 });
    expect(jobSpec.template.spec.restartPolicy).toBe('Never');
    const [container] = jobSpec.template.spec.containers;
    expect(container).toMatchObject({ name: 'job', image: 'ghcr.io/example/resize:1', args: ['--in', '/etc/jobsink-event/event'] });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.ports).toBeUndefined();
    expect(sink.url).toBe('http://job-sink.knative-eventing.svc.cluster.local/shop/resize');
    expect(sink.toDestination().reference).toMatchObject({ kind: 'JobSink', name: 'resize' });
  });

  test('writes restart on failure and a ServiceAccount', () => {
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'worker');
    new JobSink(chart, 'J', { containers: [{ image: 'ghcr.io/acme/job:1' }], restartPolicy: kplus.RestartPolicy.ON_FAILURE, serviceAccount: sa });
    const pod = Testing.synth(chart)[0].spec.job.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'OnFailure', serviceAccountName: 'worker' });
  });

  const make = (props: Partial<ConstructorParameters<typeof JobSink>[2]>) => () => new JobSink(Testing.chart(), 'J', { containers: [{ image: 'ghcr.io/acme/job:1' }], ...props });

  test('fails when there are no containers', () => {
    expect(make({ containers: [] })).toThrow(/\[test\/J\] containers: \[\] is not allowed; list at least one container/);
  });
  test('fails when the restart policy is ALWAYS', () => {
    expect(make({ restartPolicy: kplus.RestartPolicy.ALWAYS })).toThrow(/\[test\/J\] restartPolicy: "Always" is not allowed; a Job's pods restart NEVER or ON_FAILURE/);
  });
  test('fails when a container sets K_EXECUTION_MODE', () => {
    expect(make({ containers: [{ image: 'ghcr.io/acme/job:1', envVariables: { K_EXECUTION_MODE: kplus.EnvValue.fromValue('x') } }] }))
      .toThrow(/\[test\/J\] containers\[0\]\.envVariables\.K_EXECUTION_MODE: "K_EXECUTION_MODE" is not allowed; K_EXECUTION_MODE is set by Knative/);
  });
  test('fails when two containers share a name', () => {
    expect(make({ containers: [{ image: 'a', name: 'x' }, { image: 'b', name: 'x' }] })).toThrow(/\[test\/J\] containers: \["x","x"\] is not allowed/);
  });
  test('fails when a container has a port (a Job serves nothing)', () => {
    expect(make({ containers: [{ image: 'ghcr.io/acme/job:1', port: 8080 }] })).toThrow(/\[test\/J\] containers\[0\]\.port: 8080 is not allowed/);
  });
  test('fails when backoffLimit is negative', () => {
    expect(make({ backoffLimit: -1 })).toThrow(/\[test\/J\] backoffLimit: -1 is not allowed/);
  });
  test('fails when activeDeadline is not whole seconds', () => {
    expect(make({ activeDeadline: Duration.millis(1500) })).toThrow(/\[test\/J\] activeDeadline: "1500ms" is not allowed; must be whole seconds, at least 1/);
  });
  test('fails when the image is invalid', () => {
    expect(make({ containers: [{ image: '' }] })).toThrow(/\[test\/J\] containers\[0\]\.image: "" is not allowed/);
  });
});
