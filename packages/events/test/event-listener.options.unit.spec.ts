import { EVENT_TYPES } from '@cadenza/core';
import { expect } from 'chai';
import { EventListenerConfigError, eventListenerDefaults, resolveEventListenerOptions } from '../src';

const on = { 'io.cadenza.workflow': () => undefined };
const resolve = (options: object) => resolveEventListenerOptions(options, EVENT_TYPES);
const refused = (options: object): EventListenerConfigError => {
  try {
    resolve(options);
  } catch (error) {
    expect(error).to.be.instanceOf(EventListenerConfigError);
    expect((error as EventListenerConfigError).code).to.equal('CONFIG');
    return error as EventListenerConfigError;
  }
  throw new Error('the options were accepted');
};

describe('event listener options', () => {
  it('applies the documented defaults', () => {
    const resolved = resolve({ group: 'audit', on });
    expect(resolved.start).to.deep.equal({ from: 'earliest' });
    expect(resolved.maxEvents).to.equal(eventListenerDefaults.maxEvents);
    expect(resolved.maxWaitMs).to.equal(eventListenerDefaults.maxWaitMs);
    expect(resolved.retry).to.deep.equal(eventListenerDefaults.retry);
    expect(resolved.filter).to.deep.equal({});
  });

  it('maps each start position to the transport\'s', () => {
    expect(resolve({ group: 'g', on, start: 'latest' }).start).to.deep.equal({ from: 'latest' });
    expect(resolve({ group: 'g', on, start: { time: 1_700_000_000_000 } }).start).to.deep.equal({ from: 'time', time: 1_700_000_000_000 });
    expect(resolve({ group: 'g', on, start: { time: new Date(5_000) } }).start).to.deep.equal({ from: 'time', time: 5_000 });
  });

  it('refuses a type filter that matches no catalogue type, naming the nearest type', () => {
    const error = refused({ group: 'g', on, filter: { types: ['io.cadenza.workflow', 'io.cadenza.task.atempt.failed'] } });
    expect(error.path).to.equal('options.filter.types.1');
    expect(error.message).to.contain('did you mean "io.cadenza.task.attempt.failed"?');
  });

  it('accepts prefixes only at a dot boundary', () => {
    expect(resolve({ group: 'g', on, filter: { types: ['io.cadenza.task.attempt'] } }).filter.types).to.deep.equal(['io.cadenza.task.attempt']);
    expect(refused({ group: 'g', on, filter: { types: ['io.cadenza.task.att'] } }).path).to.equal('options.filter.types.0');
  });

  it('refuses a handler key that is no type, naming the nearest', () => {
    const error = refused({ group: 'g', on: { 'io.cadenza.wrokflow.completed': () => undefined } });
    expect(error.path).to.equal('options.on.io.cadenza.wrokflow.completed');
    expect(error.message).to.contain('did you mean "io.cadenza.workflow.completed"?');
  });

  it('refuses both handler kinds, and neither', () => {
    expect(refused({ group: 'g', on, onBatch: () => undefined }).message).to.contain('either on or onBatch, not both');
    expect(refused({ group: 'g' }).message).to.contain('a handler per type (on) or a batch handler (onBatch)');
  });

  it('refuses a missing or unusable group', () => {
    expect(refused({ on }).path).to.equal('options.group');
    expect(refused({ group: '../x', on }).path).to.equal('options.group');
    expect(refused({ group: 'a'.repeat(129), on }).path).to.equal('options.group');
  });

  it('refuses bad batch sizes, waits, retry delays and start times, naming the field', () => {
    expect(refused({ group: 'g', on, maxEvents: 0 }).path).to.equal('options.maxEvents');
    expect(refused({ group: 'g', on, maxEvents: 1.5 }).path).to.equal('options.maxEvents');
    expect(refused({ group: 'g', on, maxWaitMs: -1 }).path).to.equal('options.maxWaitMs');
    expect(refused({ group: 'g', on, retry: { initialDelayMs: 0 } }).path).to.equal('options.retry.initialDelayMs');
    expect(refused({ group: 'g', on, retry: { initialDelayMs: 500, maxDelayMs: 100 } }).path).to.equal('options.retry.maxDelayMs');
    expect(refused({ group: 'g', on, start: { time: new Date('not a date') } }).path).to.equal('options.start.time');
    expect(refused({ group: 'g', on, start: 'beginning' }).path).to.equal('options.start');
  });

  it('refuses an unknown option and an unknown filter, and empty lists', () => {
    expect(refused({ group: 'g', on, maxEvent: 5 }).path).to.equal('options.maxEvent');
    expect(refused({ group: 'g', on, filter: { workflow: ['Bank'] } }).path).to.equal('options.filter.workflow');
    expect(refused({ group: 'g', on, filter: { workflows: [] } }).path).to.equal('options.filter.workflows');
    expect(refused({ group: 'g', on, filter: { services: ['not a name'] } }).path).to.equal('options.filter.services.0');
  });

  it('gives a batch listener room to fill the next batch while one is handled', () => {
    expect(resolve({ group: 'g', onBatch: () => undefined, maxEvents: 10 }).concurrency).to.equal(20);
  });
});
