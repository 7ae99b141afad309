import { App, Chart } from 'cdk8s';
import { addWarning, warningsOf } from '../../src/core';
import { Broker, EventType, Sink } from '../../src/eventing';

describe('construct warnings', () => {
  test('addWarning records a warning once', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    addWarning(chart, 'careful');
    addWarning(chart, 'careful');
    expect(warningsOf(chart)).toEqual(['careful']);
  });

  test('a whole-app synth prints construct warnings with their path, and still succeeds', () => {
    const app = new App();
    const chart = new Chart(app, 'events', { namespace: 'demo' });
    const broker = new Broker(chart, 'Broker', { metadata: { name: 'default' } });
    new EventType(chart, 'Declared', { metadata: { name: 'declared' }, cloudEventType: 'com.example.declared', source: '/example', reference: broker });
    broker.onEvent('OnUndeclared', 'com.example.undeclared', Sink.fromUri('https://example.com/hook'));
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      expect(() => app.synthYaml()).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    const warning = writes.find(w => w.includes('com.example.undeclared'));
    expect(warning).toMatch(/^cdk8s-knative: warning: \[events\/Broker\/OnUndeclared\] /);
  });
});
