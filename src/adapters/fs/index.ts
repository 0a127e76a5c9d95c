export { localTextFiles, readText, writeTextAtomic } from './text-files.js';
