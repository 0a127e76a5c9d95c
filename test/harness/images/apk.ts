/** apk's `lib/apk/db/installed`, written field by field the way apk-tools writes it. */

export interface ApkPackageSpec {
  name: string;
  /** `<version>-r<N>` */
  version: string;
  arch: string;
  origin: string;
  files?: { dir: string; names: string[] }[];
  depends?: string[];
  provides?: string[];
}

/** One block per package: C P V A S I T U L o m t c [D] [p] then F/R/a/Z per directory and file. */
export function apkInstalled(packages: readonly ApkPackageSpec[]): string {
  return (
    packages
      .map((p, i) => {
        const lines = [
          `C:Q1${Buffer.from(`${p.name}-${p.version}`).toString('base64').slice(0, 27)}=`,
          `P:${p.name}`,
          `V:${p.version}`,
          `A:${p.arch}`,
          `S:${10_000 + i}`,
          `I:${40_000 + i}`,
          `T:${p.name} test package`,
          'U:https://alpinelinux.org',
          'L:MIT',
          `o:${p.origin}`,
          'm:Shipshape Tests <tests@example.invalid>',
          `t:${1_700_000_000 + i}`,
          'c:0123456789abcdef0123456789abcdef01234567',
        ];
        if (p.depends?.length) lines.push(`D:${p.depends.join(' ')}`);
        if (p.provides?.length) lines.push(`p:${p.provides.join(' ')}`);
        for (const dir of p.files ?? []) {
          lines.push(`F:${dir.dir}`);
          for (const name of dir.names)
            lines.push(`R:${name}`, 'a:0:0:755', 'Z:Q1AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
        }
        return `${lines.join('\n')}\n`;
      })
      .join('\n') + '\n'
  );
}
