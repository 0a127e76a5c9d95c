// Preloaded into a measured Node process: on exit, writes its peak RSS (bytes) to $SHIPSHAPE_RSS_FILE.
/* global process */
import { writeFileSync } from 'node:fs';

const file = process.env.SHIPSHAPE_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
