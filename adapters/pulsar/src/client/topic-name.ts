/**
 * Fully qualifies a topic: `name` becomes `persistent://<tenant>/<namespace>/name`; a name that already has a
 * scheme is kept. Pulsar accepts `[A-Za-z0-9._:=-]` in the local name.
 */
export const fullTopicName = (topic: string, tenant = 'public', namespace = 'default'): string =>
  /^(persistent|non-persistent):\/\//.test(topic) ? topic : `persistent://${tenant}/${namespace}/${topic}`;
