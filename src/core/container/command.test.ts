import { describe, expect, it } from 'vitest';
import { splitCommand } from './command.js';

describe('splitCommand', () => {
  it('splits words like a shell, without expansion', () => {
    expect(splitCommand(`wget -q -O- http://localhost/ping`)).toEqual({
      ok: true,
      argv: ['wget', '-q', '-O-', 'http://localhost/ping'],
    });
    expect(splitCommand(`sh -c 'test "$(cat /etc/marker)" = v2'`)).toEqual({
      ok: true,
      argv: ['sh', '-c', 'test "$(cat /etc/marker)" = v2'],
    });
    expect(splitCommand(`echo "a \\"b\\" \\n" c\\ d '' $HOME`)).toEqual({
      ok: true,
      argv: ['echo', 'a "b" \\n', 'c d', '', '$HOME'],
    });
    expect(splitCommand('  ')).toEqual({ ok: true, argv: [] });
  });

  it('reports unbalanced quotes', () => {
    expect(splitCommand(`echo 'x`)).toEqual({ ok: false, error: "unterminated ' quote" });
    expect(splitCommand(`echo "x`)).toEqual({ ok: false, error: 'unterminated " quote' });
    expect(splitCommand(`echo x\\`)).toEqual({ ok: false, error: 'trailing backslash' });
  });
});
