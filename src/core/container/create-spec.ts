/**
 * The create request that recreates a container from its inspect document, as `docker run` would have
 * sent it: what the user set is kept, what came from the image is left out so that another image's
 * defaults apply (Env, Cmd/Entrypoint, WorkingDir, User, Labels, ExposedPorts, Volumes, Healthcheck,
 * StopSignal). Every HostConfig field is carried over. Anonymous volumes are reattached by name, so
 * their data survives. Networks: the one named by NetworkMode at create, the others connected before
 * start (API 1.41 takes one network at create).
 */
import type { ContainerInspect } from '../../ports/container-engine.js';
import { shortId } from './inspect.js';
import { asRecord, asString, asStrings, cloneJson, jsonEqual, type JsonRecord } from './json.js';

export interface CreateOverrides {
  /** Another image (default: the one it was created from, Config.Image). */
  readonly image?: string;
  readonly name: string;
  /** No published ports: PortBindings and PublishAllPorts cleared (a pre-flight copy). */
  readonly dropPorts?: boolean;
  /**
   * No static IPs, MAC address or network aliases: a copy that runs next to the original can neither
   * clash with its addresses nor take its traffic.
   */
  readonly dropAddresses?: boolean;
  /** Labels added or replaced. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface NetworkAttachment {
  readonly network: string;
  /** EndpointSettings: IPAMConfig, Aliases, Links, DriverOpts. */
  readonly endpoint: JsonRecord;
}

export interface CreateSpec {
  readonly name: string;
  /** POST /containers/create body: Config fields, HostConfig, NetworkingConfig (first network only). */
  readonly body: JsonRecord;
  /** Networks to connect after create and before start. */
  readonly connect: readonly NetworkAttachment[];
}

/** The image config (ImageInspect.Config) the container was created from, or null when unknown. */
export type ImageDefaults = Readonly<Record<string, unknown>>;

export function buildCreateSpec(
  source: ContainerInspect,
  image: ImageDefaults | null,
  overrides: CreateOverrides,
): CreateSpec {
  const config = cloneJson(source.Config) as JsonRecord;
  const host = cloneJson(source.HostConfig) as JsonRecord;
  const networkMode = asString(host['NetworkMode']) ?? 'default';
  const sharedNetns = networkMode === 'host' || networkMode.startsWith('container:');

  // Hostname: the default (the id prefix; the host's name with --network host) is not carried over.
  if (config['Hostname'] === shortId(source.Id) || sharedNetns) delete config['Hostname'];
  if (networkMode.startsWith('container:')) {
    // Docker refuses these with another container's network namespace (ExposedPorts came from the image).
    for (const k of ['ExposedPorts', 'MacAddress', 'Domainname']) delete config[k];
    host['PublishAllPorts'] = false;
    if (!isEmpty(host['PortBindings'])) host['PortBindings'] = {};
    for (const k of ['Dns', 'DnsOptions', 'DnsSearch', 'ExtraHosts', 'Links'])
      if (!isEmpty(host[k])) host[k] = [];
  }
  delete config['OnBuild'];
  if (image !== null) subtractImageDefaults(config, image);

  config['Image'] = overrides.image ?? source.Config.Image;
  if (overrides.labels !== undefined)
    config['Labels'] = { ...(asRecord(config['Labels']) ?? {}), ...overrides.labels };

  // docker run -p exposes the port it publishes.
  const bindings = asRecord(host['PortBindings']);
  if (bindings !== null && Object.keys(bindings).length > 0) {
    const exposed = { ...(asRecord(config['ExposedPorts']) ?? {}) };
    for (const port of Object.keys(bindings)) exposed[port] ??= {};
    config['ExposedPorts'] = exposed;
  }
  if (overrides.dropPorts) {
    host['PortBindings'] = {};
    host['PublishAllPorts'] = false;
  }
  if (overrides.dropAddresses) delete config['MacAddress'];

  host['Links'] = legacyLinks(host['Links']);
  reattachVolumes(source, host);

  const { first, rest } = networks(source, networkMode, config['Hostname'], overrides.dropAddresses ?? false);
  const body: JsonRecord = {
    ...config,
    HostConfig: host,
    ...(first !== null ? { NetworkingConfig: { EndpointsConfig: { [first.network]: first.endpoint } } } : {}),
  };
  return { name: overrides.name, body, connect: rest };
}

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) ? v.length === 0 : Object.keys(asRecord(v) ?? {}).length === 0);

function subtractImageDefaults(config: JsonRecord, image: ImageDefaults): void {
  const imageEnv = new Set(asStrings(image['Env']) ?? []);
  const env = asStrings(config['Env']);
  if (env !== null) config['Env'] = env.filter((e) => !imageEnv.has(e));

  if (jsonEqual(config['Entrypoint'] ?? null, image['Entrypoint'] ?? null)) {
    config['Entrypoint'] = null;
    if (jsonEqual(config['Cmd'] ?? null, image['Cmd'] ?? null)) config['Cmd'] = null;
  }
  for (const field of ['WorkingDir', 'User', 'StopSignal'] as const) {
    if (config[field] !== undefined && config[field] === (image[field] ?? '')) delete config[field];
  }
  if (config['Healthcheck'] !== undefined && jsonEqual(config['Healthcheck'], image['Healthcheck'] ?? null))
    delete config['Healthcheck'];

  const imageLabels = asRecord(image['Labels']) ?? {};
  const labels = asRecord(config['Labels']);
  if (labels !== null) {
    config['Labels'] = Object.fromEntries(
      Object.entries(labels).filter(([k, v]) => !(Object.hasOwn(imageLabels, k) && imageLabels[k] === v)),
    );
  }
  for (const field of ['ExposedPorts', 'Volumes'] as const) {
    const own = asRecord(config[field]);
    if (own === null) continue;
    const fromImage = asRecord(image[field]) ?? {};
    config[field] = Object.fromEntries(Object.entries(own).filter(([k]) => !Object.hasOwn(fromImage, k)));
  }
}

/** Inspect shows legacy links as "/db:/web/db"; create takes "db:db". */
function legacyLinks(links: unknown): string[] | null {
  const list = asStrings(links);
  if (list === null) return null;
  return list.map((l) => {
    const m = /^\/?([^:]+):\/?(?:[^/]+\/)*([^/]+)$/.exec(l);
    return m === null ? l : `${m[1]}:${m[2]}`;
  });
}

/**
 * Anonymous volumes (an image VOLUME, `-v /path`, `--mount type=volume,target=…`) get a fresh volume on
 * create unless named: give each the volume the old container used, so its data stays (as compose does).
 */
function reattachVolumes(source: ContainerInspect, host: JsonRecord): void {
  const mounts = Array.isArray(source['Mounts']) ? (source['Mounts'] as unknown[]) : [];
  const volumeAt = new Map<string, { name: string; rw: boolean }>();
  for (const m of mounts) {
    const r = asRecord(m);
    const name = asString(r?.['Name']);
    const dest = asString(r?.['Destination']);
    if (r?.['Type'] === 'volume' && name !== null && dest !== null)
      volumeAt.set(dest, { name, rw: r['RW'] !== false });
  }
  const covered = new Set<string>();
  for (const bind of asStrings(host['Binds']) ?? []) {
    const dest = bind.split(':')[1];
    if (dest !== undefined) covered.add(dest);
  }
  const hostMounts = Array.isArray(host['Mounts']) ? (host['Mounts'] as unknown[]).map(asRecord) : [];
  const out: JsonRecord[] = [];
  for (const m of hostMounts) {
    if (m === null) continue;
    const target = asString(m['Target']);
    if (target !== null) covered.add(target);
    const old = target === null ? undefined : volumeAt.get(target);
    if (m['Type'] === 'volume' && !m['Source'] && old !== undefined) out.push({ ...m, Source: old.name });
    else out.push(m);
  }
  for (const [dest, v] of volumeAt) {
    if (covered.has(dest)) continue;
    out.push({ Type: 'volume', Source: v.name, Target: dest, ...(v.rw ? {} : { ReadOnly: true }) });
  }
  if (out.length > 0 || host['Mounts'] !== undefined) host['Mounts'] = out;
}

/** The endpoints to recreate: the network NetworkMode names first, the rest in name order. */
function networks(
  source: ContainerInspect,
  networkMode: string,
  hostname: unknown,
  dropAddresses: boolean,
): { first: NetworkAttachment | null; rest: NetworkAttachment[] } {
  if (networkMode === 'host' || networkMode === 'none' || networkMode.startsWith('container:'))
    return { first: null, rest: [] };
  const all = asRecord(source.NetworkSettings['Networks']) ?? {};
  const names = Object.keys(all).sort();
  const primaryName = networkMode === 'default' ? 'bridge' : networkMode;
  const primary =
    names.find((n) => n === primaryName) ??
    names.find((n) => asString(asRecord(all[n])?.['NetworkID'])?.startsWith(primaryName)) ??
    names[0];
  const auto = new Set([shortId(source.Id), ...(typeof hostname === 'string' ? [hostname] : [])]);
  const attachment = (network: string): NetworkAttachment => {
    const ep = asRecord(all[network]) ?? {};
    const endpoint: JsonRecord = {};
    const ipam = asRecord(ep['IPAMConfig']);
    if (!dropAddresses && ipam !== null && Object.values(ipam).some((v) => v !== '' && v !== null))
      endpoint['IPAMConfig'] = ipam;
    // Docker adds the id prefix and the hostname itself; carrying them over would alias the old container.
    const aliases = (asStrings(ep['Aliases']) ?? []).filter((a) => !auto.has(a));
    if (!dropAddresses && aliases.length > 0) endpoint['Aliases'] = aliases;
    const links = asStrings(ep['Links']);
    if (links !== null && links.length > 0) endpoint['Links'] = links;
    const driverOpts = asRecord(ep['DriverOpts']);
    if (driverOpts !== null && Object.keys(driverOpts).length > 0) endpoint['DriverOpts'] = driverOpts;
    return { network, endpoint };
  };
  if (primary === undefined) return { first: null, rest: [] };
  return { first: attachment(primary), rest: names.filter((n) => n !== primary).map(attachment) };
}
