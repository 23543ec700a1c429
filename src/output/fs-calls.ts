import fs from 'node:fs';
import { promisify } from 'node:util';

// The per-file calls of a site write, through Node's callback API. fs.promises
// makes a FileHandle for every file it writes, which costs the main thread about
// three times as much: writing and stat-ing 17,605 files took 115-150 ms of CPU
// this way and 300-430 ms through fs.promises (same files, in memory-backed /dev/shm).
export const writeFile = promisify(fs.writeFile);
export const mkdir = promisify(fs.mkdir);
export const stat = promisify(fs.stat);
export const rename = promisify(fs.rename);
export const copyFile = promisify(fs.copyFile);
export const link = promisify(fs.link);
