/**
 * User-defined test networks in 172.30.x.0/24 with a random x (other tests may hold some): only created
 * and inspected — tests send no traffic to container addresses.
 */
import type { DockerFixture } from './fixture.js';

export interface TestNetwork {
  readonly name: string;
  /** "172.30.<x>" */
  readonly prefix: string;
  /** An address in the subnet: `${prefix}.${n}`. */
  ip(n: number): string;
}

export async function createTestNetwork(fixture: DockerFixture, suffix: string): Promise<TestNetwork> {
  const name = fixture.resources.name(suffix);
  let lastError: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    const x = 100 + Math.floor(Math.random() * 150);
    const prefix = `172.30.${x}`;
    try {
      await fixture.cli('network', 'create', '--subnet', `${prefix}.0/24`, name);
      return { name, prefix, ip: (n) => `${prefix}.${n}` };
    } catch (e) {
      lastError = e;
      if (!/overlap/i.test(String((e as { stderr?: unknown }).stderr ?? e))) break;
    }
  }
  throw lastError;
}
