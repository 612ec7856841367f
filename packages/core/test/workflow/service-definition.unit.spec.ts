import { expect } from 'chai';
import { defineService } from '../../src/workflow/service-definition';

describe('workflow/service-definition', () => {
  it('keeps the name and the codecs', () => {
    const methods = { pay: {} };
    expect(defineService('Pay_Service-2', methods)).to.deep.equal({ serviceName: 'Pay_Service-2', methods });
    expect(defineService('S').methods).to.deep.equal({});
  });

  it('refuses a name that would not make a valid topic', () => {
    for (const name of ['', '2fast', 'has space', 'dot.ted', 'Über', 'a/b']) {
      expect(() => defineService(name), name).to.throw(RangeError, `service name ${JSON.stringify(name)} must match [A-Za-z][A-Za-z0-9_-]*`);
    }
  });
});
