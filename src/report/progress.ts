/** Progress callbacks, so the CLI can show where a long build is. */
export interface BuildProgress {
  /** `logged`: a stage that may take minutes, also told in plain lines where no live line can be drawn (a CI log). */
  stage(name: string, done: number, total: number, logged?: boolean): void;
}
