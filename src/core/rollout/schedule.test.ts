import { describe, expect, it } from 'vitest';
import { RolloutSchedule, type ScheduleItem } from './schedule.js';

const item = (id: string, dependsOn: string[] = [], group: string | null = null): ScheduleItem => ({
  id,
  dependsOn,
  group,
});

describe('RolloutSchedule', () => {
  it('runs dependencies first, independent items up to `parallel` at a time', () => {
    const s = new RolloutSchedule(
      [item('web', ['db', 'cache']), item('db'), item('cache'), item('worker')],
      2,
    );
    expect(s.take()).toEqual(['db', 'cache']);
    expect(s.take()).toEqual([]);
    s.complete('db', 'ok');
    expect(s.take()).toEqual(['worker']);
    s.complete('cache', 'ok');
    expect(s.take()).toEqual(['web']);
    s.complete('web', 'ok');
    s.complete('worker', 'ok');
    expect(s.finished).toBe(true);
  });

  it('ignores dependencies outside the run', () => {
    const s = new RolloutSchedule([item('web', ['db'])], 1);
    expect(s.take()).toEqual(['web']);
  });

  it('rolls out a group canary-first and stops the wave when the canary fails', () => {
    const s = new RolloutSchedule([item('a1', [], 'img'), item('a2', [], 'img'), item('a3', [], 'img')], 3);
    expect(s.take()).toEqual(['a1']);
    s.complete('a1', 'bad', 'rolled back');
    expect(s.takeBlocked()).toEqual([
      { id: 'a2', reason: 'canary "a1" was not updated (rolled back)' },
      { id: 'a3', reason: 'canary "a1" was not updated (rolled back)' },
    ]);
    expect(s.finished).toBe(true);
  });

  it('releases the rest of the group in parallel after a good canary', () => {
    const s = new RolloutSchedule([item('a1', [], 'img'), item('a2', [], 'img'), item('a3', [], 'img')], 3);
    s.take();
    s.complete('a1', 'ok');
    expect(s.take()).toEqual(['a2', 'a3']);
  });

  it('picks the canary in dependency order', () => {
    const s = new RolloutSchedule([item('a1', ['a2'], 'img'), item('a2', [], 'img')], 2);
    expect(s.take()).toEqual(['a2']);
  });

  it('blocks dependents of a failed item transitively', () => {
    const s = new RolloutSchedule([item('db'), item('api', ['db']), item('web', ['api'])], 1);
    s.take();
    s.complete('db', 'bad', 'rolled-back');
    expect(s.takeBlocked().map((b) => [b.id, b.reason])).toEqual([
      ['api', 'dependency "db" was not updated (rolled-back)'],
      ['web', 'dependency "api" was not updated (dependency "db" was not updated (rolled-back))'],
    ]);
    expect(s.stalled).toBe(true);
  });

  it('blocks dependency cycles and what depends on them', () => {
    const s = new RolloutSchedule([item('a', ['b']), item('b', ['a']), item('c', ['a']), item('d')], 1);
    expect(s.takeBlocked()).toEqual([
      { id: 'a', reason: 'dependency cycle: a → b → a' },
      { id: 'b', reason: 'dependency cycle: b → a → b' },
      { id: 'c', reason: 'dependency "a" was not updated (dependency cycle: a → b → a)' },
    ]);
    expect(s.take()).toEqual(['d']);
  });
});
