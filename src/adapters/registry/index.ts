/**
 * Registry adapters, registered explicitly: the composition root picks one by name.
 * Today there is one implementation, the OCI distribution API client.
 */
import type { Registry } from '../../ports/registry.js';
import { OciRegistry, type OciRegistryOptions } from './oci/client.js';

export { OciRegistry } from './oci/client.js';
export type { HostOptions, OciRegistryOptions, RequestEvent } from './oci/client.js';

export const registryAdapters = {
  oci: (options: OciRegistryOptions): Registry & { close(): Promise<void> } => new OciRegistry(options),
} satisfies Record<string, (options: OciRegistryOptions) => Registry>;

export type RegistryAdapterName = keyof typeof registryAdapters;
