import { eventFromJson } from '../../src/routing/event-parse';
import { EventData } from '../../src/routing/event-model';

/** A valid event in the JSON format, with defaults for the required attributes. */
export function event(attrs: Record<string, unknown> = {}): EventData {
  const errors: string[] = [];
  const e = eventFromJson({ specversion: '1.0', id: '1', source: '/test', type: 'com.example.test', ...attrs }, '', errors);
  if (!e) throw new Error(errors.join('; '));
  return e;
}
