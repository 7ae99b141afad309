import { Testing } from 'cdk8s';
import { KnativeEventing, KnativeServing } from '../../src/platform';
import { errorOf } from '../core/thrown';

/**
 * KnativeServing and KnativeEventing given wrong JavaScript types by an
 * untyped caller (JavaScript, or `as any`): a KnativePropError naming the
 * construct, the prop and what it must be, never a TypeError or a silently
 * wrong manifest.
 */

describe('KnativeServing: wrong prop types', () => {
  test('fails when the version is a number, not a string', () => {
    expect(errorOf(() => new KnativeServing(Testing.chart(), 's', { version: 1.23 as any }))).toEqual({
      name: 'KnativePropError',
      message: '[test/s] version: 1.23 is not allowed; must be a string (or left out)',
    });
  });

  test('fails when an autoscaler window is a number of seconds, not a Duration, and maxScaleLimit a string', () => {
    expect(errorOf(() => new KnativeServing(Testing.chart(), 's', { autoscaler: { stableWindow: 60 as any, maxScaleLimit: '10' as any } })).message)
      .toBe('[test/s] 2 props are not allowed:\n'
        + '    autoscaler.stableWindow: 60 is not allowed; must be a Duration, e.g. Duration.seconds(30) (or left out)\n'
        + '    autoscaler.maxScaleLimit: "10" is not allowed; must be a finite number (or left out)');
  });

  test('fails when a config map is a list of strings, not a map', () => {
    expect(errorOf(() => new KnativeServing(Testing.chart(), 's', { config: { network: ['ingress-class=x'] as any } })).message)
      .toBe('[test/s] config.network: ["ingress-class=x"] is not allowed; must be a map of strings to strings');
  });

  test('fails when revisionGc is a string', () => {
    expect(errorOf(() => new KnativeServing(Testing.chart(), 's', { revisionGc: '1d' as any })).message)
      .toBe('[test/s] revisionGc: "1d" is not allowed; must be RevisionGcConfig ({ retainSinceCreateTime?, minNonActiveRevisions?, ... }) (or left out)');
  });
});

describe('KnativeEventing: wrong prop types', () => {
  test('fails when the default channel is a kind name, not a ChannelKind', () => {
    expect(errorOf(() => new KnativeEventing(Testing.chart(), 'e', { defaultChannel: 'InMemoryChannel' as any })).message)
      .toBe('[test/e] defaultChannel: "InMemoryChannel" is not allowed; must be a ChannelKind, e.g. ChannelKind.IN_MEMORY or ChannelKind.custom(...) (or left out)');
  });

  test('fails when highAvailabilityReplicas is a string and authenticationOidc a string', () => {
    expect(errorOf(() => new KnativeEventing(Testing.chart(), 'e', { highAvailabilityReplicas: '2' as any, authenticationOidc: 'true' as any })).message)
      .toBe('[test/e] 2 props are not allowed:\n'
        + '    highAvailabilityReplicas: "2" is not allowed; must be a finite number (or left out)\n'
        + '    authenticationOidc: "true" is not allowed; must be true or false (or left out)');
  });

  test('fails when the default broker class is a class name string', () => {
    expect(errorOf(() => new KnativeEventing(Testing.chart(), 'e', { defaultBrokerClass: 'Kafka' as any })).message)
      .toBe('[test/e] defaultBrokerClass: "Kafka" is not allowed; must be a BrokerClass, e.g. BrokerClass.MT_CHANNEL_BASED (or left out)');
  });
});
