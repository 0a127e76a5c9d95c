/** Path helpers for "/"-separated relative paths (adapters stay free of node:path). */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
