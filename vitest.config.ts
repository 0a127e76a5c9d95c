import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Real services (registries, dockerd) are started per file; keep the 2-core machine calm.
          maxWorkers: 2,
          // Unit tests first, then the integration project (projects with different worker limits need an order).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
