import { expect } from 'chai';
import * as t from 'io-ts';
import { ByteSize, Count, HostPort, intInRange, parseHostPort, TimeoutMs } from '../../src/config/config-values';
import { decodeConfig } from '../../src/config/decode-config';

describe('config/config-values', () => {
  it('reads host and port of host:port, IPv6 in brackets', () => {
    expect(parseHostPort('kafka-1.example.com:9092')).to.deep.equal({ host: 'kafka-1.example.com', port: 9092 });
    expect(parseHostPort('10.0.0.1:1')).to.deep.equal({ host: '10.0.0.1', port: 1 });
    expect(parseHostPort('[::1]:65535')).to.deep.equal({ host: '[::1]', port: 65_535 });
  });

  it('refuses what is not host:port with a port of 1 to 65535', () => {
    for (const value of ['h', 'h:', ':1', 'h:0', 'h:65536', 'h:123456', 'h:-1', 'h:1.5', 'h :1', 'h:1/', '-h:1', 'h-:1', '::1:9092', 'a_b:1']) {
      expect(parseHostPort(value), value).to.equal(undefined);
    }
  });

  it('names the field and the bounds when a value is out of them', () => {
    const codec = t.type({ at: HostPort, wait: TimeoutMs, n: Count, size: ByteSize, pct: intInRange(0, 100, 'a percentage') });
    const ok = { at: 'h:1', wait: 1, n: 1, size: 1, pct: 0 };
    expect(decodeConfig(codec, ok, 'x')).to.deep.equal(ok);
    expect(() => decodeConfig(codec, { ...ok, at: 'h:0' }, 'x')).to.throw(/^invalid config at x\.at: expected host:port \(port 1 to 65535\), got "h:0"/);
    expect(() => decodeConfig(codec, { ...ok, wait: 86_400_001 }, 'x')).to.throw(/x\.wait: expected milliseconds \(an integer from 1 to 86400000\)/);
    expect(() => decodeConfig(codec, { ...ok, n: 0 }, 'x')).to.throw(/x\.n: expected a count \(an integer from 1 to 10000000\)/);
    expect(() => decodeConfig(codec, { ...ok, size: 2 ** 31 }, 'x')).to.throw(/x\.size: expected bytes \(an integer from 1 to 2147483647\)/);
    expect(() => decodeConfig(codec, { ...ok, pct: 101 }, 'x')).to.throw(/x\.pct: expected a percentage \(an integer from 0 to 100\)/);
  });
});
