import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml } from '../../src/sinks/git-inventory/yaml-emit.js';
import { YAML_SAMPLE as sample } from '../fakes/forge/yaml-samples.js';

const unsafe = { tag: '!unsafe', resolve: (value: string) => value };

describe('YAML emitter', () => {
  it.each(['1.1', '1.2'] as const)('round-trips tricky JSON data under YAML %s', (version) => {
    const text = emitYaml(sample);

    const back = parse(text, { version, customTags: [unsafe] }) as unknown;

    expect(back).toEqual(sample);
  });

  it('keeps safe strings plain and quotes the rest', () => {
    const text = emitYaml({ a: 'web-01.int', b: 'yes', c: '10.0.0.1', d: 'x: y' });

    expect(text).toBe('a: web-01.int\nb: "yes"\nc: "10.0.0.1"\nd: "x: y"\n');
  });

  it('tags Jinja2 text !unsafe and writes exponents YAML 1.1 reads as floats', () => {
    const text = emitYaml({ j: '{{ x }}', big: 1e21, small: 1e-7 });

    expect(text).toBe('j: !unsafe "{{ x }}"\nbig: 1.0e+21\nsmall: 1.0e-7\n');
  });
});
