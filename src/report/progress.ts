/** Progress callbacks, so the CLI can show where a long build is. */
export interface BuildProgress {
  stage(name: string, done: number, total: number): void;
}
