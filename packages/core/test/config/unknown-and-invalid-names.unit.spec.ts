import { expect } from 'chai';
import { createClient, createNames, resolveConfig, type Transport, Workflow, workflowNameOf } from '../../src';

const expectConfigError = (fn: () => unknown, path: string) => {
  try {
    fn();
  } catch (error) {
    expect(error).to.have.property('code', 'CONFIG');
    expect((error as Error).message).to.contain(`invalid config at ${path}:`);
    return;
  }
  throw new Error(`expected a ConfigError at ${path}`);
};

describe('names and options that no broker would accept', () => {
  it('refuses an unknown top-level config option, naming it and listing the known ones', () => {
    expectConfigError(() => resolveConfig({ cachesize: 10 }), 'config.cachesize');
    try {
      resolveConfig({ cachesize: 10 });
    } catch (error) {
      expect((error as Error).message).to.contain('known: namespace, transport, history');
    }
  });

  it('refuses a namespace with characters topics cannot hold', () => {
    expectConfigError(() => createNames('my namespace'), 'namespace');
    expectConfigError(() => createNames(''), 'namespace');
    expect(createNames('team-a_1').workflowTopic('W')).to.equal('team-a_1.workflow.W');
  });

  it('refuses a client id with characters topics cannot hold', () => {
    const transport = {} as Transport;
    (transport as { publish: unknown }).publish = async () => undefined;
    expectConfigError(() => createClient({ transport, clientId: 'a/b' }), 'clientId');
  });

  it('refuses a workflow name with characters topics cannot hold', () => {
    class Fine extends Workflow {}
    class Odd extends Workflow {
      static readonly workflowName = 'odd name';
    }
    expect(workflowNameOf(Fine)).to.equal('Fine');
    expect(() => workflowNameOf(Odd)).to.throw(RangeError, /odd name.*static workflowName/);
  });
});
