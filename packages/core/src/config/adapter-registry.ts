import { ConfigError } from '../errors/config-error';
import type { AdapterDescriptor } from './adapter-descriptor';

const registered = new Map<string, AdapterDescriptor>();

/** Makes an adapter selectable by its `type`; adapters that follow the naming rule need not call this. */
export const registerAdapter = (adapter: AdapterDescriptor): void => {
  registered.set(`${adapter.kind}:${adapter.type}`, adapter);
};

/**
 * Finds the adapter for `type`: one registered, else the `AdapterDescriptor` exported by the package
 * `@cadenza/<type>` when it is installed. An unknown type is a `ConfigError` that says what to install.
 */
export const resolveAdapter = (kind: 'transport' | 'history', type: string): AdapterDescriptor => {
  const known = registered.get(`${kind}:${type}`) ?? loadByConvention(kind, type);
  if (known) return known;
  const available = [...registered.values()].filter((a) => a.kind === kind).map((a) => a.type);
  throw new ConfigError(`${kind}.type`, `an installed ${kind} adapter${available.length ? ` (registered: ${available.join(', ')})` : ''}`, type,
    `is @cadenza/${type} installed? npm install @cadenza/${type}`);
};

const loadByConvention = (kind: 'transport' | 'history', type: string): AdapterDescriptor | undefined => {
  if (!/^[a-z][a-z0-9-]*$/.test(type)) return undefined;
  let adapterPackage: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- adapters are optional packages found at run time
    adapterPackage = require(`@cadenza/${type}`) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  for (const value of Object.values(adapterPackage)) {
    if (isDescriptor(value) && value.kind === kind && value.type === type) {
      registerAdapter(value);
      return value;
    }
  }
  return undefined;
};

const isDescriptor = (value: unknown): value is AdapterDescriptor =>
  typeof value === 'object' && value !== null && typeof (value as AdapterDescriptor).module === 'function' && typeof (value as AdapterDescriptor).type === 'string';
